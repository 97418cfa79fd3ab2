package fichas.instance.store;

/** The database cannot serve the request right now (busy past every retry, pool exhausted, I/O error). */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
