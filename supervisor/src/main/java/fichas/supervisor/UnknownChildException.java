package fichas.supervisor;

/** An operator named a child the supervisor does not have ({@code restart nope}): bad usage, not a failure. */
public final class UnknownChildException extends RuntimeException {
    public UnknownChildException(String message) {
        super(message);
    }
}
