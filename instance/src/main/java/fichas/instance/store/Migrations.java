package fichas.instance.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, {@code db/migration/V<n>.sql} on the classpath, applied in order
 * inside one {@code BEGIN IMMEDIATE} transaction. When three processes start at once on a new file,
 * the first takes the write lock and migrates; the others wait for the lock, then find nothing to do.
 *
 * <p>On PostgreSQL the scripts of the same names in {@code db/migration/postgresql/} run instead,
 * with the same numbers in the same {@code schema_version} table (one schema history for both), in
 * one transaction that first takes an advisory lock, so processes on several hosts starting at once
 * migrate once. A PostgreSQL script runs as one multi-statement execute (the driver splits it).
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /** Newest first is not needed: migrations are listed here in the order they must run. */
    static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__change_log.sql",
            "V3__pedido_status_counts.sql", "V4__change_log_sessions.sql", "V5__events.sql",
            "V6__backup_schedule.sql", "V7__accounts.sql", "V8__clientes_nome_key.sql");

    /** A step in Java that runs right after the script it is keyed by, in the same transaction. */
    @FunctionalInterface
    interface JavaStep {
        void run(Connection connection) throws SQLException;
    }

    /** What SQL alone cannot do: values computed by the application (both databases). */
    private static final Map<String, JavaStep> JAVA_STEPS =
            Map.of("V8__clientes_nome_key.sql", Migrations::fillClienteNomeKeys);

    private Migrations() {
    }

    /** The advisory lock key held while migrating a PostgreSQL database ("fichas" in ASCII). */
    static final long POSTGRES_MIGRATION_LOCK = 0x666963686173L;

    /** Opens a connection for the migration (the caller's own, closed here). */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /**
     * Applies pending migrations on PostgreSQL; returns the server version. {@code connections} should give
     * plain driver connections: a migration script is one long statement, and the slow-statement log's
     * normalising regexes are not meant for texts of that size.
     */
    static String applyPostgres(ConnectionSource connections) {
        return applyPostgres(connections, SCRIPTS.size());
    }

    /** Applies pending migrations up to {@code upTo} (a test's older schema); returns the server version. */
    static String applyPostgres(ConnectionSource connections, int upTo) {
        try (Connection connection = connections.open(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute("SELECT pg_advisory_xact_lock(" + POSTGRES_MIGRATION_LOCK + ")");
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "script TEXT NOT NULL, applied_at TEXT NOT NULL)");
                int current = currentVersion(statement);
                for (int version = current + 1; version <= upTo; version++) {
                    String script = SCRIPTS.get(version - 1);
                    statement.execute(text("postgresql/" + script));
                    runJavaStep(script, connection);
                    record(connection, version, script);
                    log.info("schema migrated to version {} ({}, PostgreSQL)", version, script);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            try (ResultSet rs = statement.executeQuery("SHOW server_version")) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open or migrate the PostgreSQL database: " + e.getMessage(), e);
        }
    }

    /** Applies pending migrations; returns the SQLite library version. */
    static String apply(DataSource writerPool) {
        return apply(writerPool, SCRIPTS.size());
    }

    /** Applies pending migrations up to {@code upTo} (a test's older schema); returns the SQLite library version. */
    static String apply(DataSource writerPool, int upTo) {
        try (Connection connection = writerPool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "script TEXT NOT NULL, applied_at TEXT NOT NULL)");
                int current = currentVersion(statement);
                for (int version = current + 1; version <= upTo; version++) {
                    String script = SCRIPTS.get(version - 1);
                    for (String sql : statements(script)) {
                        statement.execute(sql);
                    }
                    runJavaStep(script, connection);
                    record(connection, version, script);
                    log.info("schema migrated to version {} ({})", version, script);
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
            try (ResultSet rs = statement.executeQuery("SELECT sqlite_version()")) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open or migrate the database: " + e.getMessage(), e);
        }
    }

    private static void runJavaStep(String script, Connection connection) throws SQLException {
        JavaStep step = JAVA_STEPS.get(script);
        if (step != null) {
            step.run(connection);
        }
    }

    /** V8: every cliente's {@code nome_key} from its nome ({@link SortKey}), 1,000 rows at a time in id order. */
    static void fillClienteNomeKeys(Connection connection) throws SQLException {
        long filled = 0;
        SortKey.Batch batch;
        try (PreparedStatement update = connection.prepareStatement("UPDATE clientes SET nome_key = ? WHERE id = ?")) {
            long after = Long.MIN_VALUE;
            do {
                batch = SortKey.scanClientes(connection, after);
                for (SortKey.Stale row : batch.stale()) {
                    update.setString(1, row.key());
                    update.setLong(2, row.id());
                    update.addBatch();
                }
                update.executeBatch(); // after the scan's cursor is closed: no update while the table is read
                filled += batch.stale().size();
                after = batch.lastId();
            } while (batch.more());
        }
        if (filled > 0) {
            log.info("sort keys of {} clientes filled", filled);
        }
    }

    private static int currentVersion(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void record(Connection connection, int version, String script) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
            insert.setInt(1, version);
            insert.setString(2, script);
            insert.setString(3, Instant.now().toString());
            insert.executeUpdate();
        }
    }

    private static String text(String script) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream("db/migration/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration " + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script on semicolons at line ends; a trigger must sit on one line, and no string literal may hold ";\n". */
    static List<String> statements(String script) {
        String text = text(script);
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
