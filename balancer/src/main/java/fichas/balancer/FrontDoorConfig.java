package fichas.balancer;

import fichas.core.config.Checks;
import fichas.core.config.Settings;
import java.time.Duration;

/**
 * The limits of the balancer's front door: how much request-body memory all clients and one client may
 * hold, how large a request's headers may be, how many connections one client may keep open, and how long a
 * client may stall. Validated in the
 * compact constructor, errors naming the FICHAS_* key;
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
 * @param maxHeaderBytes          a request's line and headers, at most; beyond it {@code 400 bad_request} and
 *                                the connection closed (they are held in memory while they arrive)
 */
public record FrontDoorConfig(long bodyBudgetBytes, long clientBodyBytes, int clientConnections,
                              Duration headerTimeout, Duration keepAliveTimeout, Duration bodyWindow,
                              int bodyMinBytesPerSecond, Duration writeStallTimeout, int maxHeaderBytes) {

    private static final long MIB = 1024L * 1024;

    public FrontDoorConfig {
        Checks.between("FICHAS_BALANCER_BODY_BUDGET_BYTES", bodyBudgetBytes, MIB, 64 * 1024 * MIB);
        Checks.between("FICHAS_BALANCER_CLIENT_BODY_BYTES", clientBodyBytes, 1024, bodyBudgetBytes);
        Checks.between("FICHAS_BALANCER_CLIENT_CONNECTIONS", clientConnections, 1, 1_000_000);
        Checks.betweenMillis("FICHAS_BALANCER_HEADER_TIMEOUT_MS", headerTimeout, 100, 600_000);
        Checks.betweenMillis("FICHAS_BALANCER_KEEPALIVE_TIMEOUT_MS", keepAliveTimeout, 100, 3_600_000);
        Checks.betweenMillis("FICHAS_BALANCER_BODY_WINDOW_MS", bodyWindow, 100, 600_000);
        Checks.between("FICHAS_BALANCER_BODY_MIN_BYTES_PER_SECOND", bodyMinBytesPerSecond, 0, 100 * 1024 * 1024);
        Checks.betweenMillis("FICHAS_BALANCER_WRITE_STALL_TIMEOUT_MS", writeStallTimeout, 100, 3_600_000);
        Checks.between("FICHAS_BALANCER_MAX_HEADER_BYTES", maxHeaderBytes, 1024, 1024 * 1024);
    }

    public static FrontDoorConfig defaults() {
        return new FrontDoorConfig(64 * MIB, 16 * MIB, 64, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(10), 1024, Duration.ofSeconds(30), 16 * 1024);
    }

    /** Reads the front-door keys; unset keys keep their defaults. */
    /** Reads the front-door keys from {@code environment} alone (tests). */
    public static FrontDoorConfig fromEnvironment(java.util.Map<String, String> environment) {
        return from(Settings.of(environment));
    }

    public static FrontDoorConfig from(Settings settings) {
        FrontDoorConfig d = defaults();
        long budget = settings.longValue("FICHAS_BALANCER_BODY_BUDGET_BYTES", d.bodyBudgetBytes);
        return new FrontDoorConfig(
                budget,
                settings.longValue("FICHAS_BALANCER_CLIENT_BODY_BYTES", Math.min(d.clientBodyBytes, budget)),
                settings.integer("FICHAS_BALANCER_CLIENT_CONNECTIONS", d.clientConnections),
                settings.millis("FICHAS_BALANCER_HEADER_TIMEOUT_MS", d.headerTimeout),
                settings.millis("FICHAS_BALANCER_KEEPALIVE_TIMEOUT_MS", d.keepAliveTimeout),
                settings.millis("FICHAS_BALANCER_BODY_WINDOW_MS", d.bodyWindow),
                settings.integer("FICHAS_BALANCER_BODY_MIN_BYTES_PER_SECOND", d.bodyMinBytesPerSecond),
                settings.millis("FICHAS_BALANCER_WRITE_STALL_TIMEOUT_MS", d.writeStallTimeout),
                settings.integer("FICHAS_BALANCER_MAX_HEADER_BYTES", d.maxHeaderBytes));
    }

    public FrontDoorConfig withBodyBudget(long total, long perClient) {
        return new FrontDoorConfig(total, perClient, clientConnections, headerTimeout, keepAliveTimeout, bodyWindow,
                bodyMinBytesPerSecond, writeStallTimeout, maxHeaderBytes);
    }

    public FrontDoorConfig withClientConnections(int value) {
        return new FrontDoorConfig(bodyBudgetBytes, clientBodyBytes, value, headerTimeout, keepAliveTimeout,
                bodyWindow, bodyMinBytesPerSecond, writeStallTimeout, maxHeaderBytes);
    }

    public FrontDoorConfig withTimeouts(Duration header, Duration keepAlive, Duration window, int minBytesPerSecond,
                                        Duration writeStall) {
        return new FrontDoorConfig(bodyBudgetBytes, clientBodyBytes, clientConnections, header, keepAlive, window,
                minBytesPerSecond, writeStall, maxHeaderBytes);
    }
}
