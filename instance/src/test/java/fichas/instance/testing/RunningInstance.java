package fichas.instance.testing;

import fichas.instance.InstanceServer;
import fichas.instance.config.InstanceConfig;
import fichas.core.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A real instance (real Undertow, real SQLite file) started in this JVM on port 0 (the system
 * picks a free one; {@link #port} reads it back) over {@code dataDir}. Always close it
 * (try-with-resources), or let {@link WithInstance} start and stop it for a test class.
 */
public final class RunningInstance implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-pass-123";

    private final InstanceServer server;
    private final Path dataDir;
    private final int port;

    private RunningInstance(InstanceServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
        this.port = server.port();
    }

    public static RunningInstance start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** {@code overrides} are environment-style keys ({@code FICHAS_DB_READERS}) layered over the defaults. */
    public static RunningInstance start(Path dataDir, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("FICHAS_PORT", "0");
        env.put("FICHAS_DATA_DIR", dataDir.toString());
        env.put("FICHAS_LOG_DIR", dataDir.resolve("logs").toString());
        env.put("FICHAS_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("FICHAS_PBKDF2_ITERATIONS", "1000");
        // Cheap hashes keep the suite fast; the schemes themselves are tested in PasswordHasherTest.
        env.put("FICHAS_PASSWORD_HASH", "pbkdf2");
        env.put("FICHAS_ACCESS_LOG", "false");
        if (TestPostgres.selected() && !overrides.containsKey("FICHAS_DB_URL")) {
            env.putAll(TestPostgres.env(dataDir));
        }
        env.putAll(overrides);
        Properties defaults = new Properties();
        try (var in = RunningInstance.class.getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        InstanceConfig config = InstanceConfig.from(new Settings(defaults, env, new Properties()));
        return new RunningInstance(InstanceServer.start(config, Clock.systemUTC()), dataDir);
    }

    /**
     * A connection of the test's own to this instance's database, whichever the storage (the SQLite
     * file of its data directory, or its PostgreSQL database); the caller closes it.
     */
    public java.sql.Connection connectToDatabase() throws java.sql.SQLException {
        if (TestPostgres.selected()) {
            return java.sql.DriverManager.getConnection(TestPostgres.urlFor(dataDir), "postgres", "");
        }
        java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fichas.db"));
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
        }
        return c;
    }

    /** The port it bound (kept, so it can still be named after {@link #close}). */
    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public ApiClient client() {
        return ApiClient.at(port());
    }

    public ApiClient admin() {
        return client().login("admin", ADMIN_PASSWORD);
    }

    public InstanceServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
