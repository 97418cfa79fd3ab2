package fichas.observability.alerts;

/**
 * Told about every alert an {@link AlertEngine} raises or resolves.
 *
 * <p>Called synchronously, in order, while the engine holds its lock: implementations must return quickly
 * (hand slow work such as HTTP delivery to another thread), must not call {@link AlertEngine#evaluate()} and must not
 * wait for other threads that use the same engine. Exceptions are logged by the engine and otherwise ignored.
 */
public interface AlertListener {

    void raised(Alert alert);

    void resolved(Alert alert);
}
