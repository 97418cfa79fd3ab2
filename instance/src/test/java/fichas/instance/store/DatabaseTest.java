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
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
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

    private long count(String sql) {
        return database.read(c -> Sql.count(c, sql));
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
    void releasing_sqlites_memory_leaves_every_connection_working() {
        open(Duration.ofSeconds(5));
        for (int i = 0; i < 20; i++) { // fill the page caches a little
            assertThat(count("SELECT COUNT(*) FROM tipos")).isEqualTo(5);
        }

        database.releaseMemory();
        database.releaseMemory(); // twice: the readers it held were all given back

        for (int i = 0; i < 4; i++) {
            assertThat(count("SELECT COUNT(*) FROM tipos")).isEqualTo(5);
        }
        String journalMode = database.write(c -> pragma(c, "journal_mode"));
        assertThat(journalMode).isEqualTo("wal");
        assertThat(database.readerPoolStats().active()).isZero();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void releasing_sqlites_memory_unmaps_the_database_file_until_it_is_read_again() throws Exception {
        StoreConfig mapped = new StoreConfig(dataDir, 2, Duration.ofSeconds(5), 2048, 64L << 20, 1 << 20,
                Duration.ofHours(1), Duration.ofSeconds(2), 64);
        database = Database.open(mapped);
        for (int i = 0; i < 50; i++) {
            int n = i;
            database.write(c -> Sql.update(c, "INSERT INTO tipos (codigo, nome, ativo, created_at, updated_at)"
                    + " VALUES ('T" + n + "', 'tipo " + n + "', 1, 'x', 'x')"));
        }
        database.close(); // checkpoints: the rows are read from the database file (mapped), not from the WAL
        database = Database.open(mapped);
        for (int i = 0; i < 20; i++) {
            assertThat(count("SELECT COUNT(*) FROM tipos")).isEqualTo(55);
        }
        assertThat(mapsOfTheDatabaseFile()).as("mapped while the load ran").isPositive();

        database.releaseMemory();

        assertThat(mapsOfTheDatabaseFile()).as("every connection's map dropped").isZero();
        assertThat(count("SELECT COUNT(*) FROM tipos")).isEqualTo(55);
        assertThat(mapsOfTheDatabaseFile()).as("mapped again by the next read").isPositive();
    }

    private long mapsOfTheDatabaseFile() throws java.io.IOException {
        String file = dataDir.resolve("fichas.db").toRealPath().toString();
        try (var lines = java.nio.file.Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.endsWith(" " + file)).count();
        }
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
        Database.LockWaits waits = database.lockWaits();
        assertThat(waits.waits()).isPositive();
        assertThat(waits.handlerCalls()).isGreaterThan(waits.waits());
        assertThat(waits.waitedMillis()).isGreaterThanOrEqualTo(250);
        // parking between lock attempts, not spinning: the waiting thread used a fraction of the time waited
        assertThat(waits.cpuMillis()).isLessThan(waits.waitedMillis() / 2);
    }

    @Test
    void a_failing_write_leaves_nothing_behind_alone_or_in_a_group_without_savepoints() throws Exception {
        open(Duration.ofSeconds(5));
        SqlWork<Long> failsAfterItsFirstInsert = c -> {
            Sql.insert(c, "INSERT INTO tipos (codigo, nome, created_at, updated_at) VALUES ('HALF', 'x', 'a', 'a')");
            throw new IllegalStateException("second step failed");
        };
        assertThatThrownBy(() -> database.write(failsAfterItsFirstInsert)).hasMessage("second step failed");
        assertThat(count("SELECT COUNT(*) FROM tipos WHERE codigo = 'HALF'")).isZero();

        // hold the writer so the next writes queue up and run as one group
        java.util.concurrent.CountDownLatch inFirst = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CompletableFuture<Object> gate = CompletableFuture.supplyAsync(() -> database.write(c -> {
            inFirst.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Sql.insert(c, "INSERT INTO tipos (codigo, nome, created_at, updated_at) VALUES ('GATE', 'x', 'a', 'a')");
        }), pool);
        inFirst.await();
        List<CompletableFuture<Object>> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            writes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return n == 4 ? database.write(failsAfterItsFirstInsert) : database.write(c -> Sql.insert(c,
                            "INSERT INTO tipos (codigo, nome, created_at, updated_at) VALUES (?, 'x', 'a', 'a')", "G" + n));
                } catch (RuntimeException e) {
                    return e;
                }
            }, pool));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> database.queuedWrites() == 10);
        long fallbacksBefore = database.optimisticFallbacks();
        release.countDown();
        assertThat(gate.get()).isInstanceOf(Long.class);
        List<Object> outcomes = writes.stream().map(CompletableFuture::join).toList();
        pool.shutdown();

        assertThat(outcomes).filteredOn(o -> o instanceof IllegalStateException).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof Long).hasSize(9);
        assertThat(count("SELECT COUNT(*) FROM tipos WHERE codigo LIKE 'G%'")).isEqualTo(10);
        assertThat(count("SELECT COUNT(*) FROM tipos WHERE codigo = 'HALF'")).isZero();
        assertThat(database.optimisticFallbacks()).isEqualTo(fallbacksBefore + 1);
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
