package fichas.supervisor;

/** A problem the operator must fix (already running, missing jar, port taken); the message says what and how. */
public final class SupervisorException extends RuntimeException {
    public SupervisorException(String message) {
        super(message);
    }
}
