package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole, validated configuration of one instance process. Loaded once, before any port is
 * bound; a bad value throws {@link ConfigException} naming its key.
 */
public record InstanceConfig(ServerConfig server, StoreConfig store, AuthConfig auth, LifecycleConfig lifecycle,
                             CacheConfig cache, ResilienceConfig resilience, MonitoringConfig monitoring,
                             AlertConfig alerts, EventsConfig events, BackupConfig backup) {

    public static final String DEFAULTS_RESOURCE = "fichas-instance.properties";

    public static InstanceConfig load() {
        return from(Settings.load(DEFAULTS_RESOURCE));
    }

    public static InstanceConfig from(Settings settings) {
        return new InstanceConfig(ServerConfig.from(settings), StoreConfig.from(settings), AuthConfig.from(settings),
                LifecycleConfig.from(settings), CacheConfig.from(settings), ResilienceConfig.from(settings),
                MonitoringConfig.from(settings), AlertConfig.from(settings), EventsConfig.from(settings),
                BackupConfig.from(settings));
    }

    /** This configuration with the port the listener really bound (differs only for port 0). */
    public InstanceConfig withBoundPort(int boundPort) {
        return new InstanceConfig(server.withBoundPort(boundPort), store, auth, lifecycle, cache, resilience,
                monitoring, alerts, events, backup);
    }

    /** The effective configuration as flat key → value pairs, secrets masked; printed once at start. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("FICHAS_PORT", server.port());
        out.put("FICHAS_BIND_ADDRESS", server.bindAddress());
        out.put("FICHAS_INSTANCE_ID", server.instanceId());
        out.put("FICHAS_IO_THREADS", server.ioThreads());
        out.put("FICHAS_WORKER_THREADS", server.workerThreads());
        out.put("FICHAS_MAX_JSON_BYTES", server.maxJsonBytes());
        out.put("FICHAS_TIME_ZONE", server.timeZone().getId());
        out.put("FICHAS_ACCESS_LOG", server.accessLog());
        out.put("FICHAS_DATA_DIR", store.dataDir().toString());
        out.put("FICHAS_DB_READERS", store.readerPoolSize());
        out.put("FICHAS_DB_BUSY_TIMEOUT_MS", store.busyTimeout().toMillis());
        out.put("FICHAS_DB_CACHE_SIZE_KIB", store.cacheSizeKib());
        out.put("FICHAS_DB_MMAP_SIZE_BYTES", store.mmapSizeBytes());
        out.put("FICHAS_DB_JOURNAL_SIZE_LIMIT_BYTES", store.journalSizeLimit());
        out.put("FICHAS_DB_OPTIMIZE_INTERVAL_S", store.optimizeInterval().toSeconds());
        out.put("FICHAS_DB_CONNECTION_TIMEOUT_MS", store.connectionTimeout().toMillis());
        out.put("FICHAS_DB_MAX_BATCH", store.maxBatch());
        out.put("FICHAS_DB_URL", store.postgres().map(PostgresConfig::url).orElse("(unset: SQLite)"));
        out.put("FICHAS_DB_USER", store.postgres().flatMap(PostgresConfig::user).orElse("(unset)"));
        out.put("FICHAS_DB_PASSWORD", store.postgres().flatMap(PostgresConfig::password).map(Object::toString)
                .orElse("(unset)"));
        store.postgres().ifPresent(pg -> {
            out.put("FICHAS_DB_POOL_SIZE", pg.poolSize());
            out.put("FICHAS_DB_MAX_LIFETIME_S", pg.maxLifetime().toSeconds());
        });
        out.put("FICHAS_ADMIN_PASSWORD", auth.initialAdminPassword().map(Object::toString).orElse("(unset)"));
        out.put("FICHAS_TOKEN_TTL_MINUTES", auth.tokenTtl().toMinutes());
        out.put("FICHAS_PBKDF2_ITERATIONS", auth.pbkdf2Iterations());
        out.put("FICHAS_LOGIN_MAX_FAILURES", auth.loginMaxFailures());
        out.put("FICHAS_LOGIN_FAILURE_WINDOW_S", auth.loginFailureWindow().toSeconds());
        out.put("FICHAS_PASSWORD_HASH", auth.passwordHash().wireName());
        out.put("FICHAS_LOGIN_HASH_CORES", auth.loginHashCores() == 0
                ? "0 (automatic: " + Math.round(auth.effectiveHashCores() * 100) / 100.0 + ")" : auth.loginHashCores());
        out.put("FICHAS_LOGIN_MAX_WAIT_MS", auth.loginMaxWait().toMillis());
        out.put("FICHAS_LOGIN_DEADLINE_MS", auth.loginDeadline().toMillis());
        out.put("FICHAS_LOGIN_HASH_NICE", auth.loginHashNice());
        out.put("FICHAS_LOGIN_QUEUE_MAX", auth.loginQueueMax());
        out.put("FICHAS_INSTANCES", auth.instances());
        out.put("FICHAS_LOG_DIR", lifecycle.logDir().toString());
        out.put("FICHAS_SUPERVISED", lifecycle.supervised());
        out.put("FICHAS_PARENT_PID", lifecycle.parentPid().isPresent() ? lifecycle.parentPid().getAsLong() : "(unset)");
        out.put("FICHAS_SHUTDOWN_TIMEOUT_MS", lifecycle.shutdownTimeout().toMillis());
        out.put("FICHAS_CACHE_ENABLED", cache.enabled());
        out.put("FICHAS_CACHE_ENTITY_MAX", cache.entityMaxSize());
        out.put("FICHAS_CACHE_CLIENTES_TTL_S", cache.clientesTtl().toSeconds());
        out.put("FICHAS_CACHE_PEDIDOS_TTL_S", cache.pedidosTtl().toSeconds());
        out.put("FICHAS_CACHE_TIPOS_TTL_S", cache.tiposTtl().toSeconds());
        out.put("FICHAS_CACHE_LISTS_MAX", cache.listsMaxSize());
        out.put("FICHAS_CACHE_LISTS_TTL_S", cache.listsTtl().toSeconds());
        out.put("FICHAS_CACHE_LIST_PAGES", cache.listPages());
        out.put("FICHAS_CACHE_CHANGE_LOG_RETENTION_S", cache.changeLogRetention().toSeconds());
        out.put("FICHAS_DB_CIRCUIT_FAILURE_RATE", resilience.circuitFailureRate());
        out.put("FICHAS_DB_CIRCUIT_MIN_CALLS", resilience.circuitMinCalls());
        out.put("FICHAS_DB_CIRCUIT_OPEN_MS", resilience.circuitOpen().toMillis());
        out.put("FICHAS_DB_READ_CONCURRENCY", resilience.readConcurrency());
        out.put("FICHAS_DB_WRITE_CONCURRENCY", resilience.writeConcurrency());
        out.put("FICHAS_DB_BULKHEAD_WAIT_MS", resilience.bulkheadWait().toMillis());
        out.put("FICHAS_DB_SLOW_QUERY_MS", resilience.slowQuery().toMillis());
        out.put("FICHAS_MONITORING_SAMPLE_INTERVAL_S", monitoring.sampleInterval().toSeconds());
        out.put("FICHAS_MONITORING_HISTORY_SIZE", monitoring.historySize());
        out.put("FICHAS_METRICS_TOKEN", monitoring.metricsToken().map(Object::toString).orElse("(unset)"));
        out.put("FICHAS_HEAP_TRIM_IDLE_S", monitoring.heapTrimIdle().toSeconds());
        out.put("FICHAS_ALERT_CPU_PERCENT", alerts.cpuPercent());
        out.put("FICHAS_ALERT_CPU_WINDOW_S", alerts.cpuWindow().toSeconds());
        out.put("FICHAS_ALERT_MEMORY_PERCENT", alerts.memoryPercent());
        out.put("FICHAS_ALERT_MEMORY_WINDOW_S", alerts.memoryWindow().toSeconds());
        out.put("FICHAS_ALERT_DB_CONNECTIONS_PERCENT", alerts.dbConnectionsPercent());
        out.put("FICHAS_ALERT_DB_CONNECTIONS_WINDOW_S", alerts.dbConnectionsWindow().toSeconds());
        out.put("FICHAS_ALERT_ERROR_RATE_PERCENT", alerts.errorRatePercent());
        out.put("FICHAS_ALERT_ERROR_RATE_WINDOW_S", alerts.errorRateWindow().toSeconds());
        out.put("FICHAS_ALERT_LATENCY_P95_MS", alerts.latencyP95Millis());
        out.put("FICHAS_ALERT_LATENCY_P95_WINDOW_S", alerts.latencyP95Window().toSeconds());
        out.put("FICHAS_ALERT_WEBHOOK_URL", alerts.maskedWebhookUrl());
        out.put("FICHAS_EVENTS_POLL_MS", events.poll().toMillis());
        out.put("FICHAS_EVENTS_BATCH_MS", events.batch().toMillis());
        out.put("FICHAS_EVENTS_HEARTBEAT_MS", events.heartbeat().toMillis());
        out.put("FICHAS_EVENTS_MAX_BUFFER_BYTES", events.maxBufferBytes());
        out.put("FICHAS_EVENTS_MAX_BUFFER_EVENTS", events.maxBufferEvents());
        out.put("FICHAS_EVENTS_RETENTION_HOURS", events.retention().toHours());
        out.put("FICHAS_EVENTS_RETAIN", events.retainEvents());
        out.put("FICHAS_EVENTS_MAX_SUBSCRIBERS", events.maxSubscribers());
        out.put("FICHAS_BACKUP_INTERVAL_MINUTES", backup.interval().toMinutes());
        out.put("FICHAS_BACKUP_KEEP", backup.keep());
        out.put("FICHAS_BACKUP_COPY_DIR", backup.copyDir().map(Object::toString).orElse("(unset)"));
        return out;
    }
}
