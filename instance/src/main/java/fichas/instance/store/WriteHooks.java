package fichas.instance.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * Lets a caller add SQL that must commit or roll back together with every {@link Database#write}
 * made by the current thread while {@link #during} runs: the hook runs right after each write's
 * work, inside the same savepoint of the same transaction. Used to record an idempotency key in
 * the very transaction that creates the row, so a crash can never separate the two.
 *
 * <p>The hook runs on the writer thread (and again if the group is retried), so like any
 * {@link SqlWork} it must touch nothing but the connection.
 */
public final class WriteHooks {
    private static final ThreadLocal<AfterWrite> CURRENT = new ThreadLocal<>();

    private WriteHooks() {
    }

    /** SQL run after a write's own work, in its savepoint; throwing rolls both back. */
    @FunctionalInterface
    public interface AfterWrite {
        void afterWrite(Connection connection, Object result) throws SQLException;
    }

    /** Runs {@code body} on this thread with {@code hook} attached to each of its writes. */
    public static <T> T during(AfterWrite hook, Callable<T> body) throws Exception {
        AfterWrite previous = CURRENT.get();
        CURRENT.set(hook);
        try {
            return body.call();
        } finally {
            CURRENT.set(previous);
        }
    }

    /** {@code work} with the current thread's hook, if any, appended. */
    static <T> SqlWork<T> attach(SqlWork<T> work) {
        AfterWrite hook = CURRENT.get();
        if (hook == null) {
            return work;
        }
        return connection -> {
            T result = work.run(connection);
            hook.afterWrite(connection, result);
            return result;
        };
    }
}
