package fichas.balancer;

import fichas.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the balancer can be told, as one record per concern (as the instance's configuration is), each
 * validated once in its compact constructor with messages that name the FICHAS_* key, so that a bad value fails
 * before any port is bound. Immutable; the one secret-like value, the alert webhook URL, is masked by
 * {@link MonitoringConfig#toString()}, so {@link #toString()} may be logged whole. Defaults and keys are listed
 * in {@code balancer/README.md}.
 *
 * @param listen     port, bind address, IO threads
 * @param rateLimit  per-client request rate limits
 * @param health     active and passive health checks
 * @param proxy      retries, time limits, queue, backend connections, buffering, write routing
 * @param monitoring admin routes, scraping and alerts
 * @param frontDoor  body-memory budgets, per-client connection caps and client timeouts
 */
public record BalancerConfig(ListenConfig listen, RateLimitConfig rateLimit, HealthConfig health, ProxyConfig proxy,
                             MonitoringConfig monitoring, FrontDoorConfig frontDoor) {

    public static final int MIB = ProxyConfig.MIB;

    public BalancerConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(frontDoor, "frontDoor");
    }

    /** The documented defaults, port 9000 on all interfaces. */
    public static BalancerConfig defaults() {
        return builder().build();
    }

    /** Reads {@code FICHAS_*} keys from the process environment and {@code -Dfichas.*} properties. */
    public static BalancerConfig fromEnvironment() {
        return from(Settings.fromSystem());
    }

    /** Reads {@code FICHAS_*} keys from {@code environment}; unset keys keep their defaults. */
    public static BalancerConfig fromEnvironment(Map<String, String> environment) {
        return from(Settings.of(environment));
    }

    public static BalancerConfig from(Settings settings) {
        return new BalancerConfig(ListenConfig.from(settings), RateLimitConfig.from(settings),
                HealthConfig.from(settings), ProxyConfig.from(settings), MonitoringConfig.from(settings),
                FrontDoorConfig.from(settings));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent copy-on-build helper for tests and embedders; starts from the defaults. */
    public static final class Builder {
        private final ListenConfig listen = ListenConfig.defaults();
        private final RateLimitConfig rateLimit = RateLimitConfig.defaults();
        private final HealthConfig health = HealthConfig.defaults();
        private final ProxyConfig proxy = ProxyConfig.defaults();
        private int port = listen.port();
        private String bindAddress = listen.bindAddress();
        private int ioThreads = listen.ioThreads();
        private boolean rateLimitEnabled = rateLimit.enabled();
        private int rateLimitPerMinute = rateLimit.perMinute();
        private int rateLimitHealthPerMinute = rateLimit.healthPerMinute();
        private Duration healthInterval = health.interval();
        /** Unset: 250 ms, or the interval when that is shorter. */
        private Duration healthFastInterval;
        private Duration healthTimeout = health.timeout();
        private int healthFall = health.fall();
        private int healthRise = health.rise();
        private int passiveFailures = health.passiveFailures();
        private int maxAttempts = proxy.maxAttempts();
        private Duration attemptTimeout = proxy.attemptTimeout();
        private Duration totalTimeout = proxy.totalTimeout();
        private int queueSize = proxy.queueSize();
        private Duration queueTimeout = proxy.queueTimeout();
        private int connectionsPerBackend = proxy.connectionsPerBackend();
        private Duration idleTimeout = proxy.idleTimeout();
        private int maxBodyBytes = proxy.maxBodyBytes();
        private int responseBufferBytes = proxy.responseBufferBytes();
        private WriteRouting writeRouting = proxy.writeRouting();
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
                    : HealthConfig.defaultFastInterval(healthInterval);
            return new BalancerConfig(new ListenConfig(port, bindAddress, ioThreads),
                    new RateLimitConfig(rateLimitEnabled, rateLimitPerMinute, rateLimitHealthPerMinute),
                    new HealthConfig(healthInterval, fast, healthTimeout, healthFall, healthRise, passiveFailures),
                    new ProxyConfig(maxAttempts, attemptTimeout, totalTimeout, queueSize, queueTimeout,
                            connectionsPerBackend, idleTimeout, maxBodyBytes, responseBufferBytes, writeRouting),
                    monitoring, frontDoor);
        }
    }
}
