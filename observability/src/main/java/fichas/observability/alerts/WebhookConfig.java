package fichas.observability.alerts;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how persistently alerts are POSTed.
 *
 * @param url            absolute http or https URL
 * @param maxAttempts    attempts per notification, first included (>= 1)
 * @param initialBackoff wait after the first failed attempt, doubled after each further one (> 0)
 * @param maxBackoff     cap of that wait (>= initialBackoff)
 * @param timeout        connect and response timeout of one attempt (> 0)
 * @param queueCapacity  notifications waiting for delivery before new ones are dropped (>= 1)
 */
public record WebhookConfig(URI url, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout,
                            int queueCapacity) {

    public WebhookConfig {
        if (url == null) {
            throw new IllegalArgumentException("url must not be null");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            // Not the URL itself: its user info, path or query may hold the webhook's secret.
            throw new IllegalArgumentException("url must be an absolute http(s) URL with a host, but had scheme '"
                    + url.getScheme() + "' and host '" + url.getHost() + "'");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
        }
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff (" + initialBackoff
                    + "), but was " + maxBackoff);
        }
        requirePositive(timeout, "timeout");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, but was " + queueCapacity);
        }
    }

    /** 5 attempts, backoff 1 s doubling up to 30 s, 5 s timeout, 1000 queued notifications. */
    public static WebhookConfig defaults(URI url) {
        return new WebhookConfig(url, 5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5), 1000);
    }

    /** The wait after failed attempt number {@code attempt} (1-based): initialBackoff * 2^(attempt-1), capped. */
    Duration backoffAfter(int attempt) {
        Duration backoff = initialBackoff;
        for (int i = 1; i < attempt && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    private static void requirePositive(Duration value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, but was " + value);
        }
    }

    /**
     * A webhook URL fit for logs and configuration dumps: scheme, host and port shown; user info, path and
     * query masked. Chat webhooks carry their secret in the path ({@code /services/T0/B0/<secret>}).
     */
    public static String masked(URI url) {
        StringBuilder out = new StringBuilder(url.getScheme()).append("://");
        if (url.getRawUserInfo() != null) {
            out.append("******@");
        }
        out.append(url.getHost());
        if (url.getPort() >= 0) {
            out.append(':').append(url.getPort());
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            out.append("/****");
        } else if (path != null) {
            out.append(path);
        }
        if (url.getRawQuery() != null) {
            out.append("?******");
        }
        return out.toString();
    }
}
