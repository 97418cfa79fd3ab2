package fichas.instance.monitoring;

import fichas.core.metrics.LatencyHistogram;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The requests of one route template and method since start: count, errors (status ≥ 500), total
 * and longest duration, a duration histogram, and the Micrometer timer {@code http.server.requests}
 * of each status seen. Recording allocates nothing once a status has been seen. Thread-safe.
 */
final class RouteStats {
    static final String TIMER = "http.server.requests";
    private static final int LOWEST_STATUS = 100;
    private static final int HIGHEST_STATUS = 599;

    private final String method;
    private final String route;
    private final MeterRegistry registry;
    private final LongAdder count = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder totalMicros = new LongAdder();
    private final AtomicLong maxMicros = new AtomicLong();
    private final LatencyHistogram histogram = LatencyHistogram.logLinear();
    private final AtomicReferenceArray<Timer> timersByStatus =
            new AtomicReferenceArray<>(HIGHEST_STATUS - LOWEST_STATUS + 1);

    RouteStats(String method, String route, MeterRegistry registry) {
        this.method = method;
        this.route = route;
        this.registry = registry;
    }

    void record(int status, long nanos) {
        long micros = TimeUnit.NANOSECONDS.toMicros(Math.max(0, nanos));
        count.increment();
        if (status >= 500) {
            errors.increment();
        }
        totalMicros.add(micros);
        long max = maxMicros.get();
        while (micros > max && !maxMicros.compareAndSet(max, micros)) {
            max = maxMicros.get();
        }
        histogram.record(micros);
        timer(status).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(int status) {
        int index = Math.min(Math.max(status, LOWEST_STATUS), HIGHEST_STATUS) - LOWEST_STATUS;
        Timer timer = timersByStatus.get(index);
        if (timer == null) {
            // The registry hands out one timer per id, so two threads racing here get the same one.
            timer = Timer.builder(TIMER)
                    .description("HTTP requests by route template, method and status")
                    .tags("method", method, "route", route, "status", Integer.toString(index + LOWEST_STATUS))
                    .register(registry);
            timersByStatus.set(index, timer);
        }
        return timer;
    }

    String method() {
        return method;
    }

    String route() {
        return route;
    }

    long count() {
        return count.sum();
    }

    long errors() {
        return errors.sum();
    }

    void addHistogramTo(long[] into) {
        histogram.addTo(into);
    }

    /** What {@code /monitoring/performance} shows of this route. */
    Snapshot snapshot() {
        long n = count.sum();
        long[] counts = histogram.counts();
        double maxMs = n == 0 ? Double.NaN : maxMicros.get() / 1000.0;
        // A bucket's middle can lie above the longest request in it; no percentile is above the max.
        return new Snapshot(method, route, n, errors.sum(),
                n == 0 ? Double.NaN : totalMicros.sum() / 1000.0 / n,
                Math.min(LatencyHistogram.LogLinear.percentile(counts, 0.95) / 1000.0, maxMs),
                Math.min(LatencyHistogram.LogLinear.percentile(counts, 0.99) / 1000.0, maxMs),
                maxMs);
    }

    /** One route's figures since start; durations in milliseconds, NaN when there were no requests. */
    record Snapshot(String method, String route, long count, long errors, double meanMs, double p95Ms, double p99Ms,
                    double maxMs) {
    }
}
