package fichas.instance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import fichas.instance.config.InstanceConfig;
import fichas.core.config.Settings;
import fichas.instance.events.SseClient;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * What only PostgreSQL has: two instances with separate data directories (two hosts, as far as
 * they can tell) on one database, kept coherent by LISTEN/NOTIFY; the one schema history; the
 * write lock shared across hosts; the error classification; the password never shown. Runs in every
 * build on the embedded server of {@link TestPostgres} (the API suite runs on it too, see instance/pom.xml).
 */
class PostgresStorageTest {
    @TempDir
    static Path hostA;
    @TempDir
    static Path hostB;
    static String url;
    static RunningInstance a;
    static RunningInstance b;
    static ApiClient onA;
    static ApiClient onB;

    @BeforeAll
    static void start() {
        url = TestPostgres.newDatabase();
        a = RunningInstance.start(hostA, env());
        b = RunningInstance.start(hostB, env());
        onA = a.admin();
        onB = b.admin();
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(TestPostgres.env(hostA));
        env.put("FICHAS_DB_URL", url);
        return env;
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static int advisoryLockWaiters(Connection connection) throws Exception {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Connection connect() throws Exception {
        return DriverManager.getConnection(url, "postgres", "");
    }

    @Test
    void an_update_on_one_host_is_read_on_the_other_at_once_though_it_was_cached_there() {
        long id = onA.post("/clientes", Map.of("nome", "Original")).json().get("id").asLong();
        onB.get("/clientes/" + id);
        onB.get("/clientes/" + id);
        assertThat(b.server().caches().named(fichas.instance.cache.Caches.CLIENTES).stats().hits()).isPositive();

        assertThat(onA.put("/clientes/" + id, Map.of("nome", "Alterado", "version", 1)).status()).isEqualTo(200);

        // The notification usually arrives before the next request does; a busy CI machine may delay
        // its thread, so the test allows a second (the 100 ms goal is measured in docs/PERFORMANCE.md).
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(2))
                .until(() -> onB.get("/clientes/" + id).json().get("nome").asText().equals("Alterado"));
    }

    @Test
    void a_write_on_one_host_reaches_an_event_subscriber_of_the_other() {
        String token = onB.post("/auth/login", Map.of("username", "admin", "password", RunningInstance.ADMIN_PASSWORD))
                .json().get("token").asText();
        try (SseClient stream = SseClient.open("http://127.0.0.1:" + b.port() + "/events?access_token=" + token)) {
            assertThat(stream.status()).isEqualTo(200);
            long id = onA.post("/clientes", Map.of("nome", "Evento")).json().get("id").asLong();
            await().atMost(Duration.ofSeconds(2)).until(() -> stream.events().stream()
                    .anyMatch(e -> e.type().equals("cliente.created") && e.json().get("id").asLong() == id));
        }
    }

    @Test
    void a_duplicate_documento_is_409_conflict_whichever_host_wrote_the_first() {
        ApiResponse first = onA.post("/clientes", Map.of("nome", "Dup", "documento", "11144477735"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        ApiResponse second = onB.post("/clientes", Map.of("nome", "Dup 2", "documento", "11144477735"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("conflict");
    }

    @Test
    void a_new_database_migrates_even_when_every_statement_counts_as_slow(@TempDir Path host) {
        // the migration script is one long statement: the slow-statement log must not be asked to normalise it
        Map<String, String> env = new HashMap<>(TestPostgres.env(host));
        env.put("FICHAS_DB_URL", TestPostgres.newDatabase());
        env.put("FICHAS_DB_SLOW_QUERY_MS", "1");
        try (RunningInstance slow = RunningInstance.start(host, env)) {
            assertThat(slow.admin().get("/producoes/tipos").status()).isEqualTo(200);
        }
    }

    @Test
    void backups_of_the_sqlite_file_are_refused_with_the_advice_to_use_pg_dump() {
        ApiResponse response = onA.post("/backups", Map.of());
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo("conflict");
        assertThat(response.text()).contains("pg_dump");
    }

    @Test
    void the_schema_history_has_the_same_versions_and_scripts_as_on_sqlite() throws Exception {
        List<String> scripts = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, script FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                scripts.add(rs.getInt(1) + " " + rs.getString(2));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < Migrations.SCRIPTS.size(); i++) {
            expected.add((i + 1) + " " + Migrations.SCRIPTS.get(i));
        }
        assertThat(scripts).isEqualTo(expected);
        assertThat(Database.currentSchemaVersion()).isEqualTo(expected.size());
    }

    @Test
    void a_write_waits_while_another_host_holds_the_write_lock_and_then_succeeds() throws Exception {
        try (Connection other = connect(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(" + PostgresConnections.WRITE_LOCK + ")");
            CompletableFuture<ApiResponse> write = CompletableFuture.supplyAsync(
                    () -> onA.post("/clientes", Map.of("nome", "Esperou")));
            // The write is inside the database, queued on the lock this test holds: not done, and not failed.
            try (Connection observer = connect()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> advisoryLockWaiters(observer) > 0);
            }
            assertThat(write).isNotDone();
            other.commit();
            assertThat(write.get().status()).isEqualTo(201);
        }
    }

    @Test
    void serialization_failures_deadlocks_and_lock_timeouts_are_retried_unique_violations_are_conflicts() {
        assertThat(SqliteErrors.isBusy(new PSQLException("x", PSQLState.SERIALIZATION_FAILURE))).isTrue();
        assertThat(SqliteErrors.isBusy(new RuntimeException(new PSQLException("x", PSQLState.DEADLOCK_DETECTED)))).isTrue();
        assertThat(SqliteErrors.isBusy(new PSQLException("x", PSQLState.UNIQUE_VIOLATION))).isFalse();
        assertThat(SqliteErrors.isUniqueViolation(new PSQLException("x", PSQLState.UNIQUE_VIOLATION))).isTrue();
        assertThat(SqliteErrors.isConstraint(new PSQLException("x", PSQLState.FOREIGN_KEY_VIOLATION))).isTrue();
        assertThat(SqliteErrors.isPersistentFailure(new PSQLException("x", PSQLState.CONNECTION_FAILURE))).isTrue();
        assertThat(SqliteErrors.isPersistentFailure(new PSQLException("x", PSQLState.UNIQUE_VIOLATION))).isFalse();
    }

    @Test
    void the_password_is_never_shown_in_the_printed_configuration() {
        Properties defaults = new Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> environment = new HashMap<>(env());
        environment.put("FICHAS_DATA_DIR", hostA.toString());
        InstanceConfig config = InstanceConfig.from(new Settings(defaults, environment, new Properties()));

        assertThat(config.describe().toString()).doesNotContain(TestPostgres.PASSWORD).contains(url);
        assertThat(config.describe().get("FICHAS_DB_PASSWORD")).isEqualTo("******");
        assertThat(config.toString()).doesNotContain(TestPostgres.PASSWORD);
    }

    @Test
    void a_url_carrying_a_password_or_not_postgresql_is_refused_naming_the_key() {
        Properties defaults = new Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String bad : List.of("jdbc:mysql://db/fichas", "jdbc:postgresql://db/fichas?password=hunter22")) {
            Map<String, String> environment = Map.of("FICHAS_DATA_DIR", hostA.toString(), "FICHAS_DB_URL", bad);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> InstanceConfig.from(new Settings(defaults, environment, new Properties())))
                    .hasMessageContaining("FICHAS_DB_URL").hasMessageNotContaining("hunter22");
        }
    }
}
