package fichas.instance.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link DataSource} HikariCP is given: it only opens a physical connection the way the storage
 * says ({@link SqliteConnections} or {@link PostgresConnections}), so the pragmas, the slow-statement
 * proxy and the credentials stay with the storage and the JDBC ceremony is written once. Thread-safe
 * if the opener is.
 */
final class OpenOnlyDataSource implements DataSource {
    /** Opens one physical connection; the caller owns and closes it. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;

    OpenOnlyDataSource(Opener opener) {
        this.opener = opener;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return opener.open();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        // The credentials are part of the storage's settings (FICHAS_DB_USER/FICHAS_DB_PASSWORD), never per call.
        throw new SQLFeatureNotSupportedException("credentials come from the storage settings, not from the pool");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used: the storage logs through SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // not used: each storage sets its own connect timeout where it opens connections
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
