package fichas.instance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import fichas.instance.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dataDir;
    Database database;

    private Database open(Duration busyTimeout) {
        database = Database.open(new StoreConfig(dataDir, 2, busyTimeout, 2048, 0, 1 << 20, Duration.ofHours(1),
                Duration.ofSeconds(2), 64));
        return database;
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void every_connection_has_the_tuned_pragmas() {
        open(Duration.ofSeconds(5));

        database.read(c -> {
            assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(c, "synchronous")).isEqualTo("1");
            assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(c, "temp_store")).isEqualTo("2");
            assertThat(pragma(c, "cache_size")).isEqualTo("-2048");
            return null;
        });
        database.write(c -> {
            assertThat(pragma(c, "journal_size_limit")).isEqualTo(Integer.toString(1 << 20));
            return null;
        });
    }

    @Test
    void reader_connections_cannot_write() {
        open(Duration.ofSeconds(5));

        assertThatThrownBy(() -> database.read(c -> Sql.update(c, "DELETE FROM tipos")))
                .hasMessageContaining("SQLITE_READONLY");
        long tipos = database.read(c -> Sql.count(c, "SELECT COUNT(*) FROM tipos"));
        assertThat(tipos).isEqualTo(5);
    }

    @Test
    void one_failing_write_in_a_group_does_not_fail_the_others() throws Exception {
        open(Duration.ofSeconds(5));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<CompletableFuture<Object>> writes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            writes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return database.write(c -> Sql.insert(c, "INSERT INTO tipos (codigo, nome, created_at, updated_at) "
                            + "VALUES (?, 'x', 'now', 'now')", n % 8 == 0 ? "CORTE" : "T" + n));
                } catch (RuntimeException e) {
                    return e;
                }
            }, pool));
        }
        List<Object> outcomes = writes.stream().map(CompletableFuture::join).toList();
        pool.shutdown();

        assertThat(outcomes).filteredOn(o -> o instanceof StoreException).hasSize(8);
        assertThat(outcomes).filteredOn(o -> o instanceof Long).hasSize(56);
        long stored = database.read(c -> Sql.count(c, "SELECT COUNT(*) FROM tipos WHERE codigo LIKE 'T%'"));
        assertThat(stored).isEqualTo(56);
        assertThat(database.commits()).isLessThan(64);
    }

    @Test
    void a_write_waits_for_another_processes_lock_instead_of_failing() throws Exception {
        open(Duration.ofSeconds(5));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fichas.db"));
             Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> database.write(c ->
                    Sql.insert(c, "INSERT INTO tipos (codigo, nome, created_at, updated_at) VALUES ('WAIT', 'x', 'a', 'a')")));
            // it must keep waiting (busy handler) for as long as the other connection holds the lock
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !write.isDone());
            assertThat(write).isNotDone();
            long released = System.nanoTime();
            statement.execute("COMMIT");

            assertThat(write.get()).isPositive();
            assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(Duration.ofMillis(100));
        }
    }

    @Test
    void a_lock_held_past_every_retry_is_unavailable_not_locked() throws Exception {
        open(Duration.ofMillis(100));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fichas.db"));
             Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");

            assertThatThrownBy(() -> database.write(c -> Sql.update(c, "DELETE FROM tipos WHERE codigo = 'NONE'")))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(database.busyRetries()).isGreaterThanOrEqualTo(4);
            statement.execute("ROLLBACK");
        }
        int deleted = database.write(c -> Sql.update(c, "DELETE FROM tipos WHERE codigo = 'NONE'"));
        assertThat(deleted).isZero();
    }
}
