package fichas.console.stats;

import fichas.balancer.metrics.HistogramSnapshot;

/**
 * Cumulative counters of one series (a backend, or the balancer as a whole) read at {@code nanos}
 * ({@link System#nanoTime()} scale).
 *
 * @param errors   failed requests among {@code requests}
 * @param latency  cumulative latency buckets; {@link HistogramSnapshot#empty()} where none are kept
 */
public record TrafficReading(long nanos, long requests, long errors, HistogramSnapshot latency) {
}
