package fichas.instance.monitoring;

import java.util.List;

/** The names of the sampled metrics, as {@code /monitoring/metrics} shows them (docs/MONITORING.md defines each). */
final class MetricNames {
    static final String REQUESTS_PER_SECOND = "requests_per_second";
    static final String ERROR_RATE = "error_rate";
    static final String LATENCY_P50_MS = "latency_p50_ms";
    static final String LATENCY_P95_MS = "latency_p95_ms";
    static final String LATENCY_P99_MS = "latency_p99_ms";
    static final String ACTIVE_CONNECTIONS = "active_connections";
    static final String DB_CONNECTIONS_IN_USE = "db_connections_in_use";
    static final String CACHE_HIT_RATIO = "cache_hit_ratio";
    static final String MEMORY_USED_BYTES = "memory_used_bytes";
    static final String CPU_PROCESS = "cpu_process";
    static final String EVENT_SUBSCRIBERS = "event_subscribers";
    static final String EVENTS_PER_SECOND = "events_per_second";
    static final String EVENT_DELIVERY_LAG_P99_MS = "event_delivery_lag_p99_ms";

    static final List<String> ALL = List.of(REQUESTS_PER_SECOND, ERROR_RATE, LATENCY_P50_MS, LATENCY_P95_MS,
            LATENCY_P99_MS, ACTIVE_CONNECTIONS, DB_CONNECTIONS_IN_USE, CACHE_HIT_RATIO, MEMORY_USED_BYTES, CPU_PROCESS,
            EVENT_SUBSCRIBERS, EVENTS_PER_SECOND, EVENT_DELIVERY_LAG_P99_MS);

    /** Counts and sizes: whole numbers in JSON. */
    static final List<String> WHOLE = List.of(ACTIVE_CONNECTIONS, DB_CONNECTIONS_IN_USE, MEMORY_USED_BYTES,
            EVENT_SUBSCRIBERS);

    private MetricNames() {
    }
}
