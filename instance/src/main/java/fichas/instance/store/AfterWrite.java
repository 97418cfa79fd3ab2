package fichas.instance.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * SQL that must commit or roll back together with one {@link Database#write}: it runs right after the write's
 * own work, inside the same savepoint of the same transaction, on the writer thread (and again if the group is
 * retried), so like any {@link SqlWork} it must touch nothing but the connection. Handed explicitly from the
 * caller to the write (the idempotency key of a create, see {@code fichas.instance.idempotency}); throwing
 * rolls both back.
 */
@FunctionalInterface
public interface AfterWrite {
    /** Nothing after the write. */
    AfterWrite NONE = (connection, result) -> {
    };

    void afterWrite(Connection connection, Object result) throws SQLException;

    /** {@code work} followed by this, as one unit of work. */
    default <T> SqlWork<T> after(SqlWork<T> work) {
        if (this == NONE) {
            return work;
        }
        return connection -> {
            T result = work.run(connection);
            afterWrite(connection, result);
            return result;
        };
    }
}
