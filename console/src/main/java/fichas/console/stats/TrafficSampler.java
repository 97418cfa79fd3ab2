package fichas.console.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns cumulative counters into rates: {@link #sample()} (called once a second by the balancer's monitor
 * thread) reads every series and adds it to its {@link RateWindow}. The request path only increments
 * counters; all arithmetic happens here. Thread-safe.
 */
public final class TrafficSampler {
    /** Reads the current cumulative counters of every backend (by id, in order) and of the balancer. */
    public interface Source {
        Map<String, TrafficReading> backends(long nanos);

        TrafficReading balancer(long nanos);
    }

    private final Source source;
    private final LongSupplier nanoClock;
    private final int windowReadings;
    private final Map<String, RateWindow> backends = new LinkedHashMap<>();
    private final RateWindow balancer;

    public TrafficSampler(Source source, LongSupplier nanoClock, int windowReadings) {
        this.source = source;
        this.nanoClock = nanoClock;
        this.windowReadings = windowReadings;
        this.balancer = new RateWindow(windowReadings);
    }

    public void sample() {
        long now = nanoClock.getAsLong();
        Map<String, TrafficReading> readings = source.backends(now);
        synchronized (backends) {
            readings.forEach((id, r) -> backends.computeIfAbsent(id, k -> new RateWindow(windowReadings)).add(r));
        }
        balancer.add(source.balancer(now));
    }

    /** Rates of one backend; {@link TrafficRates#NONE} before it has two readings. */
    public TrafficRates backend(String id) {
        RateWindow w;
        synchronized (backends) {
            w = backends.get(id);
        }
        return w == null ? TrafficRates.NONE : w.rates();
    }

    public TrafficRates balancer() {
        return balancer.rates();
    }
}
