package fichas.balancer;

import fichas.core.config.Checks;
import fichas.core.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How requests are forwarded: retries, time limits, the wait queue, backend connections and buffering.
 *
 * @param maxAttempts           FICHAS_PROXY_MAX_ATTEMPTS, tries of one request (retries of what may be retried)
 * @param attemptTimeout        FICHAS_PROXY_ATTEMPT_TIMEOUT_MS, of one try
 * @param totalTimeout          FICHAS_PROXY_TOTAL_TIMEOUT_MS, of all tries together (≥ the attempt timeout)
 * @param queueSize             FICHAS_PROXY_QUEUE_SIZE, requests that may wait for a backend connection
 * @param queueTimeout          FICHAS_PROXY_QUEUE_TIMEOUT_MS, how long one may wait
 * @param connectionsPerBackend FICHAS_PROXY_CONNECTIONS_PER_BACKEND
 * @param idleTimeout           FICHAS_PROXY_IDLE_TIMEOUT_MS, how long a pooled backend connection may sit idle;
 *                              must stay below the instance's own keep-alive (Undertow's default, 60 s)
 * @param maxBodyBytes          FICHAS_PROXY_MAX_BODY_BYTES: request bodies are buffered whole (so they can be
 *                              replayed) up to this size
 * @param responseBufferBytes   FICHAS_PROXY_RESPONSE_BUFFER_BYTES: responses up to this size are buffered before
 *                              the first byte goes to the client, so a backend dying mid-response can be retried
 * @param writeRouting          FICHAS_BALANCER_WRITE_ROUTING: where POST/PUT/PATCH/DELETE go
 */
public record ProxyConfig(int maxAttempts, Duration attemptTimeout, Duration totalTimeout, int queueSize,
                          Duration queueTimeout, int connectionsPerBackend, Duration idleTimeout, int maxBodyBytes,
                          int responseBufferBytes, WriteRouting writeRouting) {
    public static final int MIB = 1024 * 1024;

    public ProxyConfig {
        Checks.between("FICHAS_PROXY_MAX_ATTEMPTS", maxAttempts, 1, 10);
        Checks.betweenMillis("FICHAS_PROXY_ATTEMPT_TIMEOUT_MS", attemptTimeout, 10, 600_000);
        Checks.betweenMillis("FICHAS_PROXY_TOTAL_TIMEOUT_MS", totalTimeout, attemptTimeout.toMillis(), 3_600_000);
        Checks.between("FICHAS_PROXY_QUEUE_SIZE", queueSize, 0, 1_000_000);
        Checks.betweenMillis("FICHAS_PROXY_QUEUE_TIMEOUT_MS", queueTimeout, 1, 600_000);
        Checks.between("FICHAS_PROXY_CONNECTIONS_PER_BACKEND", connectionsPerBackend, 1, 10_000);
        Checks.betweenMillis("FICHAS_PROXY_IDLE_TIMEOUT_MS", idleTimeout, 100, 3_600_000);
        Checks.between("FICHAS_PROXY_MAX_BODY_BYTES", maxBodyBytes, 0, 1024 * MIB);
        Checks.between("FICHAS_PROXY_RESPONSE_BUFFER_BYTES", responseBufferBytes, 0, 64 * MIB);
        Objects.requireNonNull(writeRouting, "FICHAS_BALANCER_WRITE_ROUTING");
    }

    /**
     * How much of a body over {@link #maxBodyBytes} is read and thrown away before its {@code 413}: twice the cap in
     * all. A client that sends its whole body before reading would otherwise lose the answer to a connection reset
     * (the kernel's answer to closing a socket with unread bytes). A body announced larger is refused at once.
     */
    public long maxDiscardedBodyBytes() {
        return 2L * maxBodyBytes;
    }

    /**
     * Undertow's own entity cap: above everything the proxy reads, with 1 MiB of room for chunk framing (which
     * Undertow counts as body), but bounded — it is also what Undertow drains of a body nobody read (a {@code 429},
     * the console's {@code 401}) before it reuses the connection.
     */
    public long undertowEntityCap() {
        return maxDiscardedBodyBytes() + MIB;
    }

    public static ProxyConfig defaults() {
        return new ProxyConfig(3, Duration.ofSeconds(10), Duration.ofSeconds(30), 1000, Duration.ofSeconds(5), 64,
                Duration.ofSeconds(30), 9 * MIB, 64 * 1024, WriteRouting.WRITER);
    }

    public static ProxyConfig from(Settings settings) {
        ProxyConfig d = defaults();
        return new ProxyConfig(
                settings.integer("FICHAS_PROXY_MAX_ATTEMPTS", d.maxAttempts),
                settings.millis("FICHAS_PROXY_ATTEMPT_TIMEOUT_MS", d.attemptTimeout),
                settings.millis("FICHAS_PROXY_TOTAL_TIMEOUT_MS", d.totalTimeout),
                settings.integer("FICHAS_PROXY_QUEUE_SIZE", d.queueSize),
                settings.millis("FICHAS_PROXY_QUEUE_TIMEOUT_MS", d.queueTimeout),
                settings.integer("FICHAS_PROXY_CONNECTIONS_PER_BACKEND", d.connectionsPerBackend),
                settings.millis("FICHAS_PROXY_IDLE_TIMEOUT_MS", d.idleTimeout),
                settings.integer("FICHAS_PROXY_MAX_BODY_BYTES", d.maxBodyBytes),
                settings.integer("FICHAS_PROXY_RESPONSE_BUFFER_BYTES", d.responseBufferBytes),
                WriteRouting.parse("FICHAS_BALANCER_WRITE_ROUTING",
                        settings.string("FICHAS_BALANCER_WRITE_ROUTING", d.writeRouting.label())));
    }
}
