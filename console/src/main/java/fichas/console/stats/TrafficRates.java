package fichas.console.stats;

/**
 * Rates over the sampling window (the last few seconds).
 *
 * @param requestsPerSecond requests per second; 0 before two readings exist
 * @param errorRate         errors over requests (0..1); 0 when there were no requests
 * @param p95Millis         95th percentile latency in ms; null when there were no requests or no latency is kept
 */
public record TrafficRates(double requestsPerSecond, double errorRate, Double p95Millis) {
    public static final TrafficRates NONE = new TrafficRates(0, 0, null);
}
