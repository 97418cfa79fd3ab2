package fichas.balancer;

import static fichas.balancer.config.Env.requireRange;

import fichas.balancer.config.Env;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the balancer can be told, validated once in the compact constructor so that a bad value
 * fails before any port is bound. Immutable; the one secret-like value, the alert webhook URL, is masked
 * by {@link MonitoringConfig#toString()}, so {@link #toString()} may be logged whole. Defaults and environment keys are listed in {@code balancer/README.md}.
 *
 * @param port                  listen port; 0 asks the OS for a free one (tests)
 * @param idleTimeout           how long a pooled backend connection may sit idle; must stay below the
 *                              instance's own keep-alive (Undertow's default no-request timeout, 60 s)
 * @param maxBodyBytes          request bodies are buffered whole (so they can be replayed) up to this size
 * @param responseBufferBytes   responses up to this size are buffered before the first byte goes to the
 *                              client, so a backend dying mid-response can still be retried
 * @param writeRouting          where POST/PUT/PATCH/DELETE go: one writer, or round robin like reads
 * @param monitoring            admin routes, scraping and alerts
 * @param frontDoor             body-memory budgets, per-client connection caps and client timeouts
 */
public record BalancerConfig(
        int port,
        String bindAddress,
        int ioThreads,
        boolean rateLimitEnabled,
        int rateLimitPerMinute,
        int rateLimitHealthPerMinute,
        Duration healthInterval,
        Duration healthFastInterval,
        Duration healthTimeout,
        int healthFall,
        int healthRise,
        int passiveFailures,
        int maxAttempts,
        Duration attemptTimeout,
        Duration totalTimeout,
        int queueSize,
        Duration queueTimeout,
        int connectionsPerBackend,
        Duration idleTimeout,
        int maxBodyBytes,
        int responseBufferBytes,
        WriteRouting writeRouting,
        MonitoringConfig monitoring,
        FrontDoorConfig frontDoor) {

    public static final int MIB = 1024 * 1024;

    public BalancerConfig {
        requireRange("port", port, 0, 65535);
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        requireRange("ioThreads", ioThreads, 1, 64);
        requireRange("rateLimitPerMinute", rateLimitPerMinute, 1, 10_000_000);
        requireRange("rateLimitHealthPerMinute", rateLimitHealthPerMinute, 1, 10_000_000);
        requireRange("healthInterval", healthInterval, 10, 600_000);
        requireRange("healthFastInterval", healthFastInterval, 10, healthInterval.toMillis());
        requireRange("healthTimeout", healthTimeout, 10, 60_000);
        requireRange("healthFall", healthFall, 2, 100);
        requireRange("healthRise", healthRise, 2, 100);
        requireRange("passiveFailures", passiveFailures, 1, 1000);
        requireRange("maxAttempts", maxAttempts, 1, 10);
        requireRange("attemptTimeout", attemptTimeout, 10, 600_000);
        requireRange("totalTimeout", totalTimeout, attemptTimeout.toMillis(), 3_600_000);
        requireRange("queueSize", queueSize, 0, 1_000_000);
        requireRange("queueTimeout", queueTimeout, 1, 600_000);
        requireRange("connectionsPerBackend", connectionsPerBackend, 1, 10_000);
        requireRange("idleTimeout", idleTimeout, 100, 3_600_000);
        requireRange("maxBodyBytes", maxBodyBytes, 0, 1024 * MIB);
        requireRange("responseBufferBytes", responseBufferBytes, 0, 64 * MIB);
        Objects.requireNonNull(writeRouting, "writeRouting");
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(frontDoor, "frontDoor");
    }

    /** The documented defaults, port 9000 on all interfaces. */
    public static BalancerConfig defaults() {
        return builder().build();
    }

    /** Reads {@code FICHAS_*} keys from the process environment; see {@link #fromEnvironment(Map)}. */
    public static BalancerConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads {@code FICHAS_*} keys from {@code environment}; unset keys keep their defaults. */
    public static BalancerConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        BalancerConfig d = defaults();
        int port = requireRange("FICHAS_BALANCER_PORT", env.integer("FICHAS_BALANCER_PORT", d.port), 1, 65535);
        return new BalancerConfig(
                port,
                env.string("FICHAS_BALANCER_BIND_ADDRESS", d.bindAddress),
                env.integer("FICHAS_BALANCER_IO_THREADS", d.ioThreads),
                env.bool("FICHAS_RATELIMIT_ENABLED", d.rateLimitEnabled),
                env.integer("FICHAS_RATELIMIT_PER_MINUTE", d.rateLimitPerMinute),
                env.integer("FICHAS_RATELIMIT_HEALTH_PER_MINUTE", d.rateLimitHealthPerMinute),
                env.millis("FICHAS_HEALTH_INTERVAL_MS", d.healthInterval),
                env.millis("FICHAS_HEALTH_FAST_INTERVAL_MS",
                        min(d.healthFastInterval, env.millis("FICHAS_HEALTH_INTERVAL_MS", d.healthInterval))),
                env.millis("FICHAS_HEALTH_TIMEOUT_MS", d.healthTimeout),
                env.integer("FICHAS_HEALTH_FALL", d.healthFall),
                env.integer("FICHAS_HEALTH_RISE", d.healthRise),
                env.integer("FICHAS_PASSIVE_FAILURES", d.passiveFailures),
                env.integer("FICHAS_PROXY_MAX_ATTEMPTS", d.maxAttempts),
                env.millis("FICHAS_PROXY_ATTEMPT_TIMEOUT_MS", d.attemptTimeout),
                env.millis("FICHAS_PROXY_TOTAL_TIMEOUT_MS", d.totalTimeout),
                env.integer("FICHAS_PROXY_QUEUE_SIZE", d.queueSize),
                env.millis("FICHAS_PROXY_QUEUE_TIMEOUT_MS", d.queueTimeout),
                env.integer("FICHAS_PROXY_CONNECTIONS_PER_BACKEND", d.connectionsPerBackend),
                env.millis("FICHAS_PROXY_IDLE_TIMEOUT_MS", d.idleTimeout),
                env.integer("FICHAS_PROXY_MAX_BODY_BYTES", d.maxBodyBytes),
                env.integer("FICHAS_PROXY_RESPONSE_BUFFER_BYTES", d.responseBufferBytes),
                WriteRouting.parse("FICHAS_BALANCER_WRITE_ROUTING",
                        env.string("FICHAS_BALANCER_WRITE_ROUTING", d.writeRouting.label())),
                MonitoringConfig.fromEnvironment(environment),
                FrontDoorConfig.fromEnvironment(environment));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent copy-on-build helper for tests and embedders; starts from the defaults. */
    public static final class Builder {
        private int port = 9000;
        private String bindAddress = "0.0.0.0";
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private boolean rateLimitEnabled = true;
        private int rateLimitPerMinute = 200;
        private int rateLimitHealthPerMinute = 500;
        private Duration healthInterval = Duration.ofMillis(1000);
        /** Unset: 250 ms, or the interval when that is shorter. */
        private Duration healthFastInterval;
        private Duration healthTimeout = Duration.ofMillis(500);
        private int healthFall = 2;
        private int healthRise = 2;
        private int passiveFailures = 3;
        private int maxAttempts = 3;
        private Duration attemptTimeout = Duration.ofSeconds(10);
        private Duration totalTimeout = Duration.ofSeconds(30);
        private int queueSize = 1000;
        private Duration queueTimeout = Duration.ofSeconds(5);
        private int connectionsPerBackend = 64;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxBodyBytes = 9 * MIB;
        private int responseBufferBytes = 64 * 1024;
        private WriteRouting writeRouting = WriteRouting.WRITER;
        private MonitoringConfig monitoring = MonitoringConfig.defaults();
        private FrontDoorConfig frontDoor = FrontDoorConfig.defaults();

        private Builder() {
        }

        public Builder port(int v) { port = v; return this; }
        public Builder bindAddress(String v) { bindAddress = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder rateLimitEnabled(boolean v) { rateLimitEnabled = v; return this; }
        public Builder rateLimitPerMinute(int v) { rateLimitPerMinute = v; return this; }
        public Builder rateLimitHealthPerMinute(int v) { rateLimitHealthPerMinute = v; return this; }
        public Builder healthInterval(Duration v) { healthInterval = v; return this; }
        public Builder healthFastInterval(Duration v) { healthFastInterval = v; return this; }
        public Builder healthTimeout(Duration v) { healthTimeout = v; return this; }
        public Builder healthFall(int v) { healthFall = v; return this; }
        public Builder healthRise(int v) { healthRise = v; return this; }
        public Builder passiveFailures(int v) { passiveFailures = v; return this; }
        public Builder maxAttempts(int v) { maxAttempts = v; return this; }
        public Builder attemptTimeout(Duration v) { attemptTimeout = v; return this; }
        public Builder totalTimeout(Duration v) { totalTimeout = v; return this; }
        public Builder queueSize(int v) { queueSize = v; return this; }
        public Builder queueTimeout(Duration v) { queueTimeout = v; return this; }
        public Builder connectionsPerBackend(int v) { connectionsPerBackend = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxBodyBytes(int v) { maxBodyBytes = v; return this; }
        public Builder responseBufferBytes(int v) { responseBufferBytes = v; return this; }
        public Builder writeRouting(WriteRouting v) { writeRouting = v; return this; }
        public Builder monitoring(MonitoringConfig v) { monitoring = v; return this; }
        public Builder frontDoor(FrontDoorConfig v) { frontDoor = v; return this; }

        public BalancerConfig build() {
            Duration fast = healthFastInterval != null ? healthFastInterval
                    : min(Duration.ofMillis(250), healthInterval);
            return new BalancerConfig(port, bindAddress, ioThreads, rateLimitEnabled, rateLimitPerMinute,
                    rateLimitHealthPerMinute, healthInterval, fast, healthTimeout, healthFall,
                    healthRise, passiveFailures, maxAttempts, attemptTimeout, totalTimeout, queueSize,
                    queueTimeout, connectionsPerBackend, idleTimeout, maxBodyBytes, responseBufferBytes, writeRouting,
                    monitoring, frontDoor);
        }
    }
}
