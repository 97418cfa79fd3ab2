package fichas.instance.store;

/**
 * The database cannot serve the request right now (busy past every retry, pool exhausted, I/O
 * error, circuit open); answered as 503 {@code unavailable} with {@code Retry-After}.
 */
public final class StoreUnavailableException extends RuntimeException {
    private final int retryAfterSeconds;

    public StoreUnavailableException(String message, Throwable cause) {
        this(message, cause, 1);
    }

    public StoreUnavailableException(String message, Throwable cause, int retryAfterSeconds) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** How long the client should wait before retrying, in whole seconds (at least 1). */
    public int retryAfterSeconds() {
        return Math.max(1, retryAfterSeconds);
    }
}
