package fichas.observability.access;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Predicate;

/**
 * Who may read the token-free {@code /metrics} ({@code /balancer/metrics} on the balancer): a caller on this
 * machine ({@link LocalCallers#isLocal}), or one that presents the metrics token ({@code FICHAS_METRICS_TOKEN})
 * as {@code Authorization: Bearer <token>}. The token is shared by the hosts of one system so that a balancer
 * (or a Prometheus) on another host can scrape the instances; it opens the metrics routes only, never a route
 * that needs a user's token, and it does not expire as a login's token does. Compared in constant time, by
 * digest. Thread-safe; immutable.
 */
public final class MetricsCallers implements Predicate<HttpServerExchange> {
    /** Shortest metrics token accepted: guessing it must cost more than the data it guards. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private final byte[] tokenDigest;

    private MetricsCallers(byte[] tokenDigest) {
        this.tokenDigest = tokenDigest;
    }

    /** Callers on this machine only. */
    public static MetricsCallers localOnly() {
        return new MetricsCallers(null);
    }

    /** Callers on this machine, and callers presenting {@code token}; null or empty: local only. */
    public static MetricsCallers localOr(String token) {
        return token == null || token.isEmpty() ? localOnly() : new MetricsCallers(sha256(token));
    }

    /** The value of the {@code Authorization} header that presents {@code token}. */
    public static String authorization(String token) {
        return "Bearer " + token;
    }

    /**
     * Why {@code token} cannot be a metrics token (shorter than {@link #MIN_TOKEN_LENGTH}, or with whitespace or
     * control characters, which cannot travel in a header), or null when it can.
     */
    public static String problem(String token) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            return "must be at least " + MIN_TOKEN_LENGTH + " characters, but has " + token.length();
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return "must be printable ASCII without spaces";
            }
        }
        return null;
    }

    @Override
    public boolean test(HttpServerExchange exchange) {
        return LocalCallers.isLocal(exchange) || presentsToken(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
    }

    /** Whether an {@code Authorization} header value is {@code Bearer <the metrics token>}. */
    boolean presentsToken(String authorization) {
        if (tokenDigest == null || authorization == null) {
            return false;
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(value.substring(7).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
