package fichas.instance.monitoring;

import fichas.core.metrics.LatencyHistogram;
import fichas.instance.cache.Caches;
import fichas.instance.store.Database;
import fichas.observability.history.MetricHistory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Computes the ten metrics once per tick (the monitoring scheduler calls {@link #sample()}), keeps
 * each in the {@link MetricHistory} and publishes the tick as {@link #latest()}. Rates, the error
 * rate, latency percentiles and CPU cover the time since the previous tick; the first tick covers
 * the time since construction. {@link #sample} is called by one thread at a time; {@link #latest}
 * by any.
 */
final class MetricSampler implements Supplier<MetricsSample> {
    private final RequestMetrics requests;
    private final Database database;
    private final Caches caches;
    private final MetricHistory history;
    private final Clock clock;
    private final ProcessCpu cpu = new ProcessCpu();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private RequestMetrics.Totals previous;
    private long previousNanos;
    private volatile MetricsSample latest;
    private volatile EventsGauge events;
    private long previousEvents;

    MetricSampler(RequestMetrics requests, Database database, Caches caches, MetricHistory history, Clock clock) {
        this.requests = requests;
        this.database = database;
        this.caches = caches;
        this.history = history;
        this.clock = clock;
        this.previous = requests.totals();
        this.previousNanos = System.nanoTime();
    }

    synchronized MetricsSample sample() {
        long nanos = System.nanoTime();
        RequestMetrics.Totals now = requests.totals();
        double seconds = Math.max(1e-9, (nanos - previousNanos) / 1e9);
        long requestCount = now.requests() - previous.requests();
        long errorCount = now.errors() - previous.errors();
        long[] interval = LatencyHistogram.minus(now.histogram(), previous.histogram());
        previous = now;
        previousNanos = nanos;

        Database.PoolStats writer = database.writerPoolStats();
        Database.PoolStats reader = database.readerPoolStats();
        long dbInUse = writer.active() + reader.active();
        int dbMax = writer.max() + reader.max();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long heapLimit = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();

        MetricsSample sample = new MetricsSample(clock.instant().truncatedTo(ChronoUnit.MILLIS),
                requestCount / seconds,
                requestCount == 0 ? 0.0 : (double) errorCount / requestCount,
                LatencyHistogram.LogLinear.percentile(interval, 0.50) / 1000.0,
                LatencyHistogram.LogLinear.percentile(interval, 0.95) / 1000.0,
                LatencyHistogram.LogLinear.percentile(interval, 0.99) / 1000.0,
                requests.inFlight(),
                dbInUse,
                caches.hitRatio(),
                heap.getUsed(),
                cpu.sinceLastCall(),
                heapLimit > 0 ? (double) heap.getUsed() / heapLimit : Double.NaN,
                dbMax > 0 ? (double) dbInUse / dbMax : Double.NaN,
                events == null ? 0 : events.subscriberCount(),
                events == null ? 0.0 : (events.publishedEvents() - previousEvents) / seconds,
                events == null ? Double.NaN : events.lagP99Millis());
        previousEvents = events == null ? 0 : events.publishedEvents();
        for (Map.Entry<String, Double> metric : sample.values().entrySet()) {
            history.record(metric.getKey(), sample.at(), metric.getValue());
        }
        latest = sample;
        return sample;
    }

    /** From now on the samples include the real-time events' figures. */
    void watch(EventsGauge gauge) {
        this.events = gauge;
    }

    /** The last tick; null before the first. */
    MetricsSample latest() {
        return latest;
    }

    @Override
    public MetricsSample get() {
        return latest;
    }
}
