package fichas.instance.store;

import fichas.instance.config.StoreConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens physical connections to the shared file with every pragma set through the driver's
 * properties, then checks on each new connection that the pragmas took (a pragma SQLite does not
 * understand is silently ignored, and {@code journal_mode=WAL} can fail quietly on some file
 * systems). HikariCP calls {@link #open()} (through {@link OpenOnlyDataSource}) once per physical connection.
 */
final class SqliteConnections {
    private final SQLiteDataSource delegate;
    private final StoreConfig config;
    private final SlowQueryLog slowQueries;

    SqliteConnections(StoreConfig config, boolean readOnly, SlowQueryLog slowQueries) {
        this.config = config;
        this.slowQueries = slowQueries;
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL: a commit survives a crash of this process (the WAL is in the OS page cache); only a
        // power loss or OS crash can roll back the last transactions. FULL would fsync on every commit.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout((int) config.busyTimeout().toMillis());
        sqlite.setCacheSize(-config.cacheSizeKib());
        sqlite.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(config.mmapSizeBytes()));
        sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
        sqlite.setJournalSizeLimit((int) Math.min(Integer.MAX_VALUE, config.journalSizeLimit()));
        sqlite.enforceForeignKeys(true);
        sqlite.setReadOnly(readOnly);
        this.delegate = new SQLiteDataSource(sqlite);
        delegate.setUrl("jdbc:sqlite:" + config.databaseFile());
    }

    /** A physical connection, pragmas checked, busy handler set, statements cached; the caller closes it. */
    Connection open() throws SQLException {
        Connection connection = delegate.getConnection();
        try {
            verify(connection);
            BusyHandler.setHandler(connection, new ShortSleepBusyHandler(config.busyTimeout().toMillis()));
            return StatementCache.wrap(slowQueries.wrap(connection));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void verify(Connection connection) throws SQLException {
        Map<String, String> expected = Map.of(
                "journal_mode", "wal",
                "synchronous", "1",
                "foreign_keys", "1",
                "temp_store", "2",
                "cache_size", Integer.toString(-config.cacheSizeKib()),
                "busy_timeout", Long.toString(config.busyTimeout().toMillis()));
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> pragma : expected.entrySet()) {
                String actual = single(statement, "PRAGMA " + pragma.getKey());
                if (!pragma.getValue().equals(actual.toLowerCase(Locale.ROOT))) {
                    throw new SQLException("PRAGMA " + pragma.getKey() + " is " + actual + ", expected "
                            + pragma.getValue() + " on " + config.databaseFile());
                }
            }
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? String.valueOf(rs.getString(1)) : "";
        }
    }
}
