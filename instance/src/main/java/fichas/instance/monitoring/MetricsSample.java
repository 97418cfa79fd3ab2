package fichas.instance.monitoring;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tick of the sampler: the metrics of {@code /monitoring/metrics} plus the two ratios the
 * alert rules need. Rates and percentiles cover the interval since the previous tick; NaN means
 * "no data" (no request in the interval, no cache lookup yet, CPU time not available).
 *
 * @param heapUsedRatio   heap used / max heap (committed heap when there is no max), 0..1
 * @param dbPoolUsedRatio connections in use / connections both pools may hold, 0..1
 */
record MetricsSample(Instant at, double requestsPerSecond, double errorRate, double latencyP50Ms,
                     double latencyP95Ms, double latencyP99Ms, long activeConnections, long dbConnectionsInUse,
                     double cacheHitRatio, long memoryUsedBytes, double cpuProcess, double heapUsedRatio,
                     double dbPoolUsedRatio, long eventSubscribers, double eventsPerSecond,
                     double eventDeliveryLagP99Ms) {

    /** The metrics by name, in the order of {@link MetricNames#ALL}. */
    Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(MetricNames.REQUESTS_PER_SECOND, requestsPerSecond);
        out.put(MetricNames.ERROR_RATE, errorRate);
        out.put(MetricNames.LATENCY_P50_MS, latencyP50Ms);
        out.put(MetricNames.LATENCY_P95_MS, latencyP95Ms);
        out.put(MetricNames.LATENCY_P99_MS, latencyP99Ms);
        out.put(MetricNames.ACTIVE_CONNECTIONS, (double) activeConnections);
        out.put(MetricNames.DB_CONNECTIONS_IN_USE, (double) dbConnectionsInUse);
        out.put(MetricNames.CACHE_HIT_RATIO, cacheHitRatio);
        out.put(MetricNames.MEMORY_USED_BYTES, (double) memoryUsedBytes);
        out.put(MetricNames.CPU_PROCESS, cpuProcess);
        out.put(MetricNames.EVENT_SUBSCRIBERS, (double) eventSubscribers);
        out.put(MetricNames.EVENTS_PER_SECOND, eventsPerSecond);
        out.put(MetricNames.EVENT_DELIVERY_LAG_P99_MS, eventDeliveryLagP99Ms);
        return out;
    }
}
