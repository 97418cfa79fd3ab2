package fichas.console.stats;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last few {@link TrafficReading}s of one series, and the rates between the oldest and the newest.
 * A window of several readings keeps a once-a-second sample from jumping with every burst. Thread-safe
 * (synchronized; touched once per sample and once per status call, never on the request path).
 */
public final class RateWindow {
    private final int capacity;
    private final Deque<TrafficReading> readings = new ArrayDeque<>();

    /** @param capacity readings kept; rates span {@code capacity - 1} sampling intervals */
    public RateWindow(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, but was " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(TrafficReading reading) {
        if (readings.size() == capacity) {
            readings.removeFirst();
        }
        readings.addLast(reading);
    }

    public synchronized TrafficRates rates() {
        if (readings.size() < 2) {
            return TrafficRates.NONE;
        }
        TrafficReading first = readings.peekFirst();
        TrafficReading last = readings.peekLast();
        double seconds = (last.nanos() - first.nanos()) / 1e9;
        long requests = Math.max(0, last.requests() - first.requests());
        long errors = Math.max(0, last.errors() - first.errors());
        double perSecond = seconds > 0 ? requests / seconds : 0;
        double errorRate = requests == 0 ? 0 : Math.min(1.0, (double) errors / requests);
        var p95 = last.latency().minus(first.latency()).quantileMillis(0.95);
        return new TrafficRates(perSecond, errorRate, p95.isPresent() ? p95.getAsDouble() : null);
    }
}
