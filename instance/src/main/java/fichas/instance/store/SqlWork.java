package fichas.instance.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of database work run with a connection lent for its duration. Write work runs inside the
 * writer's transaction and may be run more than once when the transaction is retried, so it must
 * not have side effects outside the database.
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
