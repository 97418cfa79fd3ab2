package fichas.instance.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * Copies the live SQLite file into a new file as one consistent snapshot while every instance keeps
 * writing. The copy runs on a connection of its own inside one read transaction: in WAL mode a
 * reader never blocks writers, and everything the copy sees is the database as of the moment that
 * transaction started (every write acknowledged before it is in; none after).
 *
 * <p>Two ways, measured in docs/PERFORMANCE.md ("Backups"): {@link Method#VACUUM_INTO} rebuilds the
 * file compactly; {@link Method#BACKUP_API} copies pages (sqlite3_backup, sqlite-jdbc's
 * {@code backup to}) inside an explicit read transaction so that it never restarts. Blocking.
 */
final class SnapshotCopier {
    /** How the snapshot is written. */
    enum Method {
        VACUUM_INTO, BACKUP_API
    }

    private final Method method;
    private final Duration busyTimeout;

    SnapshotCopier(Method method, Duration busyTimeout) {
        this.method = method;
        this.busyTimeout = busyTimeout;
    }

    Method method() {
        return method;
    }

    /** Writes the snapshot of {@code source} to {@code target} (which must not exist). */
    void copy(Path source, Path target) throws SQLException {
        try (Connection connection = open(source, true)) {
            switch (method) {
                case VACUUM_INTO -> vacuumInto(connection, target);
                case BACKUP_API -> backupApi(connection, target);
                default -> throw new IllegalStateException(method.name());
            }
        }
    }

    private static void vacuumInto(Connection connection, Path target) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM INTO " + literal(target));
        }
    }

    private static void backupApi(Connection connection, Path target) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // The first read starts the snapshot; the page copy then reads inside it and never sees
            // (nor restarts for) another process's commits.
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM sqlite_master")) {
                rs.next();
            }
            statement.executeUpdate("backup to " + literal(target));
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /** A plain connection to {@code file} (not from the pools: a backup must not take a request's connection). */
    Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        Properties properties = config.toProperties();
        return DriverManager.getConnection("jdbc:sqlite:" + file, properties);
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
