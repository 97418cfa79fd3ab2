package fichas.instance.idempotency;

/**
 * Thrown inside a create's transaction when another request with the same key committed first:
 * it rolls the create back, and the caller answers with the stored response instead.
 */
final class KeyTakenException extends RuntimeException {
    KeyTakenException(KeyScope scope) {
        super("Idempotency-Key " + scope.key() + " on " + scope.route() + " was taken concurrently", null, false,
                false);
    }
}
