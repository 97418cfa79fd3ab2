package fichas.balancer.admin;

/**
 * An HTTP answer from an admin route: status, the API.md error code and a message. Thrown anywhere below
 * {@link AdminRoutes}, which turns it into the JSON error body.
 */
public final class AdminException extends RuntimeException {
    private final int status;
    private final String code;
    private final long retryAfterSeconds;
    private final String allow;

    public AdminException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /** {@code retryAfterSeconds} > 0 adds a {@code Retry-After} header. */
    public AdminException(int status, String code, String message, long retryAfterSeconds) {
        this(status, code, message, retryAfterSeconds, null);
    }

    private AdminException(int status, String code, String message, long retryAfterSeconds, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.allow = allow;
    }

    /** 405 with the {@code Allow} header naming the one method the route takes. */
    public static AdminException methodNotAllowed(String method, String path, String allowed) {
        return new AdminException(405, "method_not_allowed", method + " is not allowed on " + path, 0,
                allowing(allowed));
    }

    /** The {@code Allow} value of a route that takes {@code method}: it and {@code OPTIONS}. */
    static String allowing(String method) {
        return method + ", OPTIONS";
    }

    public static AdminException unauthenticated(String message) {
        return new AdminException(401, "unauthenticated", message);
    }

    public static AdminException forbidden(String message) {
        return new AdminException(403, "forbidden", message);
    }

    public static AdminException notFound(String message) {
        return new AdminException(404, "not_found", message);
    }

    public static AdminException conflict(String message) {
        return new AdminException(409, "conflict", message);
    }

    /** 429 with {@code Retry-After}: too many requests (here: failed token checks) from the client's address. */
    public static AdminException rateLimited(String message, long retryAfterSeconds) {
        return new AdminException(429, "rate_limited", message, retryAfterSeconds);
    }

    /** 503 for a condition that will not pass by waiting (no database configured, no supervisor). */
    public static AdminException unavailable(String message) {
        return new AdminException(503, "unavailable", message);
    }

    /** 503 for a condition that may pass soon (the database cannot be read right now). */
    public static AdminException unavailable(String message, long retryAfterSeconds) {
        return new AdminException(503, "unavailable", message, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The {@code Allow} header of a 405, else null. */
    public String allow() {
        return allow;
    }
}
