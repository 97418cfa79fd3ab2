package fichas.instance.migrate;

import fichas.core.config.ConfigException;
import fichas.instance.config.InstanceConfig;
import fichas.instance.config.PostgresConfig;
import fichas.core.config.Settings;
import fichas.instance.config.StoreConfig;
import fichas.instance.store.Database;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code migrate-to-postgres <url> [--force]}: copies this machine's SQLite data set (every table,
 * with its ids, the id sequences, the change log and the image references) into an empty
 * PostgreSQL database, then verifies row counts and checksums table by table and tells the admin
 * what to change. The target is migrated to this build's schema first; a target that holds any
 * rows is refused unless {@code --force} (which empties Fichas' tables first). The password comes
 * from {@code FICHAS_DB_PASSWORD}, never the command line. The copy is one PostgreSQL transaction,
 * read from one SQLite snapshot: stop the system first so no write lands after the snapshot.
 */
public final class MigrateToPostgres {
    public static final String COMMAND = "migrate-to-postgres";
    public static final String FORCE = "--force";
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_NOT_EMPTY = 3;

    private MigrateToPostgres() {
    }

    public static int run(InstanceConfig config, Settings settings, List<String> args, PrintStream out, PrintStream err) {
        List<String> positional = args.stream().filter(a -> !a.equals(FORCE)).toList();
        boolean force = args.contains(FORCE);
        if (positional.size() != 1) {
            err.println("usage: migrate-to-postgres jdbc:postgresql://host:5432/database [--force]");
            err.println("       (user and password from FICHAS_DB_USER and FICHAS_DB_PASSWORD)");
            return EXIT_USAGE;
        }
        PostgresConfig target;
        try {
            target = PostgresConfig.forUrl(positional.get(0), settings);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_USAGE;
        }
        StoreConfig store = config.store();
        StoreConfig sqlite = new StoreConfig(store.dataDir(), store.readerPoolSize(), store.busyTimeout(),
                store.cacheSizeKib(), store.mmapSizeBytes(), store.journalSizeLimit(), store.optimizeInterval(),
                store.connectionTimeout(), store.maxBatch());
        if (!Files.isRegularFile(sqlite.databaseFile())) {
            err.println("There is no SQLite data set at " + sqlite.databaseFile() + " (FICHAS_DATA_DIR).");
            return EXIT_FAILED;
        }
        try {
            return migrate(sqlite, store.on(target), target, force, out, err);
        } catch (SQLException | RuntimeException e) {
            err.println("Migration failed, nothing was committed to " + target.url() + ": " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private static int migrate(StoreConfig sqlite, StoreConfig postgres, PostgresConfig target, boolean force,
                               PrintStream out, PrintStream err) throws SQLException {
        long started = System.nanoTime();
        try (Connection pg = connect(target)) {
            Optional<String> used = firstTableWithRows(pg);
            if (used.isPresent() && !force) {
                err.println("The target database is not empty (table " + used.get() + " has rows). Nothing was "
                        + "changed. To replace Fichas' data in it, run again with " + FORCE + ".");
                return EXIT_NOT_EMPTY;
            }
        }
        out.println("Bringing both databases to schema " + Database.currentSchemaVersion() + "...");
        Database.open(sqlite).close();
        Database.open(postgres).close();
        List<Report> reports = new ArrayList<>();
        try (Connection source = DriverManager.getConnection("jdbc:sqlite:" + sqlite.databaseFile());
             Connection pg = connect(target)) {
            try (Statement s = source.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            }
            source.setAutoCommit(false); // one snapshot for the copy and the source's checksums
            pg.setAutoCommit(false);
            copyAll(source, pg, out);
            pg.commit();
            out.println("Verifying row counts and checksums...");
            for (TableCopy table : TableCopy.ALL) {
                List<String> columns = table.columns(source);
                reports.add(new Report(table.table(), table.summarize(source, columns), table.summarize(pg, columns)));
            }
            source.rollback();
        }
        return conclude(reports, sqlite, target, started, out, err);
    }

    private static void copyAll(Connection source, Connection pg, PrintStream out) throws SQLException {
        try (Statement s = pg.createStatement()) {
            for (TableCopy table : TableCopy.ALL) {
                s.execute("ALTER TABLE " + table.table() + " DISABLE TRIGGER USER");
            }
            s.execute("TRUNCATE " + String.join(", ", TableCopy.ALL.stream().map(TableCopy::table).toList())
                    + " RESTART IDENTITY CASCADE");
            for (TableCopy table : TableCopy.ALL) {
                long rows = table.copy(source, pg);
                out.printf("  %-22s %,12d rows copied%n", table.table(), rows);
            }
            for (TableCopy table : TableCopy.ALL) {
                String column = table.table().equals("change_log") ? "seq" : "id";
                if (table.hasIdSequence() || column.equals("seq")) {
                    long next = Math.max(max(source, table.table(), column), sqliteSequence(source, table.table())) + 1;
                    s.execute("SELECT setval(pg_get_serial_sequence('" + table.table() + "', '" + column + "'), "
                            + next + ", false)");
                }
                s.execute("ALTER TABLE " + table.table() + " ENABLE TRIGGER USER");
            }
        }
    }

    private static int conclude(List<Report> reports, StoreConfig sqlite, PostgresConfig target, long started,
                                PrintStream out, PrintStream err) throws SQLException {
        boolean allEqual = true;
        for (Report r : reports) {
            boolean same = r.source().equals(r.target());
            allEqual &= same;
            out.printf("  %-22s %,12d rows  sha256 %s…  %s%n", r.table(), r.target().rows(),
                    r.target().sha256().substring(0, 16), same ? "identical" : "DIFFERENT: source has "
                            + r.source().rows() + " rows, sha256 " + r.source().sha256().substring(0, 16) + "…");
        }
        long missing = missingImages(sqlite);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!allEqual) {
            err.printf("The copy differs from the source (above). Do not switch; keep using SQLite.%n");
            return EXIT_FAILED;
        }
        out.printf("Copied and verified in %.1f s: every table identical.%n", seconds);
        if (missing > 0) {
            out.println("Note: " + missing + " image rows name a file missing from " + sqlite.mediaDir()
                    + " (they were missing before too).");
        }
        out.println();
        out.println("To switch this system to PostgreSQL, set in the environment of ./start.sh on every host:");
        out.println("  FICHAS_DB_URL=" + target.url());
        out.println("  FICHAS_DB_USER=" + target.user().orElse("<the role>"));
        out.println("  FICHAS_DB_PASSWORD=<its password>");
        out.println("then ./start.sh start. Images stay files: keep " + sqlite.mediaDir() + " (every host that runs");
        out.println("instances needs the same media directory, e.g. on a shared mount). The SQLite file is left as");
        out.println("it was; unset FICHAS_DB_URL to go back to it (writes made on PostgreSQL meanwhile stay there).");
        return EXIT_OK;
    }

    private static long missingImages(StoreConfig sqlite) throws SQLException {
        long missing = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite.databaseFile());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT storage_name FROM imagens")) {
            while (rs.next()) {
                Path file = sqlite.mediaDir().resolve(rs.getString(1));
                if (!Files.isRegularFile(file)) {
                    missing++;
                }
            }
        }
        return missing;
    }

    private static long max(Connection c, String table, String column) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(" + column + "), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The highest id AUTOINCREMENT ever gave in {@code table} (deleted rows included), 0 when none. */
    private static long sqliteSequence(Connection c, String table) throws SQLException {
        try (var statement = c.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static Optional<String> firstTableWithRows(Connection pg) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables "
                        + "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String table : tables) {
            try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(table);
                }
            }
        }
        return Optional.empty();
    }

    private static Connection connect(PostgresConfig target) throws SQLException {
        Properties properties = new Properties();
        target.user().ifPresent(user -> properties.setProperty("user", user));
        target.password().ifPresent(secret -> properties.setProperty("password", secret.reveal()));
        properties.setProperty("ApplicationName", "fichas-migrate");
        return DriverManager.getConnection(target.url(), properties);
    }

    private record Report(String table, TableCopy.Summary source, TableCopy.Summary target) {
    }
}
