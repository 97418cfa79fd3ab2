package fichas.balancer;

import static fichas.balancer.config.Env.requireRange;

import fichas.balancer.config.Env;
import java.time.Duration;
import java.util.Map;

/**
 * The limits of the balancer's front door: how much request-body memory all clients and one client may
 * hold, how many connections one client may keep open, and how long a client may stall. Validated in the
 * compact constructor (errors name the field; {@link #fromEnvironment} errors name the FICHAS_* key);
 * immutable. Defaults and keys are listed in {@code balancer/README.md}, "Front door".
 *
 * @param bodyBudgetBytes         request-body bytes all clients together may have in flight (declared by
 *                                Content-Length or received so far); beyond it {@code 503 unavailable}
 * @param clientBodyBytes         the same for one client address; beyond it {@code 429 rate_limited}
 * @param clientConnections       open connections per client address; beyond it {@code 429 rate_limited}
 * @param headerTimeout           a request's line and headers must be complete this long after its first byte
 * @param keepAliveTimeout        an idle keep-alive connection (no request under way) is closed after this
 * @param bodyWindow              a request body must bring at least {@code bodyMinBytesPerSecond} per window
 *                                of this length (the first window is the grace period)
 * @param bodyMinBytesPerSecond   the slowest body accepted, measured over each {@code bodyWindow}
 * @param writeStallTimeout       a response the client stops reading is abandoned (client connection
 *                                closed, backend connection closed) after this long without progress
 */
public record FrontDoorConfig(long bodyBudgetBytes, long clientBodyBytes, int clientConnections,
                              Duration headerTimeout, Duration keepAliveTimeout, Duration bodyWindow,
                              int bodyMinBytesPerSecond, Duration writeStallTimeout) {

    private static final long MIB = 1024L * 1024;

    public FrontDoorConfig {
        requireRange("bodyBudgetBytes", bodyBudgetBytes, MIB, 64 * 1024 * MIB);
        requireRange("clientBodyBytes", clientBodyBytes, 1024, bodyBudgetBytes);
        requireRange("clientConnections", clientConnections, 1, 1_000_000);
        requireRange("headerTimeout", headerTimeout, 100, 600_000);
        requireRange("keepAliveTimeout", keepAliveTimeout, 100, 3_600_000);
        requireRange("bodyWindow", bodyWindow, 100, 600_000);
        requireRange("bodyMinBytesPerSecond", bodyMinBytesPerSecond, 0, 100 * 1024 * 1024);
        requireRange("writeStallTimeout", writeStallTimeout, 100, 3_600_000);
    }

    public static FrontDoorConfig defaults() {
        return new FrontDoorConfig(64 * MIB, 16 * MIB, 64, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(10), 1024, Duration.ofSeconds(30));
    }

    /** Reads the front-door keys from {@code environment}; unset keys keep their defaults. */
    public static FrontDoorConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        FrontDoorConfig d = defaults();
        long budget = requireRange("FICHAS_BALANCER_BODY_BUDGET_BYTES",
                env.longInteger("FICHAS_BALANCER_BODY_BUDGET_BYTES", d.bodyBudgetBytes), MIB, 64 * 1024 * MIB);
        return new FrontDoorConfig(
                budget,
                requireRange("FICHAS_BALANCER_CLIENT_BODY_BYTES",
                        env.longInteger("FICHAS_BALANCER_CLIENT_BODY_BYTES", Math.min(d.clientBodyBytes, budget)),
                        1024, budget),
                requireRange("FICHAS_BALANCER_CLIENT_CONNECTIONS",
                        env.integer("FICHAS_BALANCER_CLIENT_CONNECTIONS", d.clientConnections), 1, 1_000_000),
                requireRange("FICHAS_BALANCER_HEADER_TIMEOUT_MS",
                        env.millis("FICHAS_BALANCER_HEADER_TIMEOUT_MS", d.headerTimeout), 100, 600_000),
                requireRange("FICHAS_BALANCER_KEEPALIVE_TIMEOUT_MS",
                        env.millis("FICHAS_BALANCER_KEEPALIVE_TIMEOUT_MS", d.keepAliveTimeout), 100, 3_600_000),
                requireRange("FICHAS_BALANCER_BODY_WINDOW_MS",
                        env.millis("FICHAS_BALANCER_BODY_WINDOW_MS", d.bodyWindow), 100, 600_000),
                requireRange("FICHAS_BALANCER_BODY_MIN_BYTES_PER_SECOND",
                        env.integer("FICHAS_BALANCER_BODY_MIN_BYTES_PER_SECOND", d.bodyMinBytesPerSecond),
                        0, 100 * 1024 * 1024),
                requireRange("FICHAS_BALANCER_WRITE_STALL_TIMEOUT_MS",
                        env.millis("FICHAS_BALANCER_WRITE_STALL_TIMEOUT_MS", d.writeStallTimeout), 100, 3_600_000));
    }

    public FrontDoorConfig withBodyBudget(long total, long perClient) {
        return new FrontDoorConfig(total, perClient, clientConnections, headerTimeout, keepAliveTimeout, bodyWindow,
                bodyMinBytesPerSecond, writeStallTimeout);
    }

    public FrontDoorConfig withClientConnections(int value) {
        return new FrontDoorConfig(bodyBudgetBytes, clientBodyBytes, value, headerTimeout, keepAliveTimeout,
                bodyWindow, bodyMinBytesPerSecond, writeStallTimeout);
    }

    public FrontDoorConfig withTimeouts(Duration header, Duration keepAlive, Duration window, int minBytesPerSecond,
                                        Duration writeStall) {
        return new FrontDoorConfig(bodyBudgetBytes, clientBodyBytes, clientConnections, header, keepAlive, window,
                minBytesPerSecond, writeStall);
    }
}
