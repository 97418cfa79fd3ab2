package fichas.instance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup is online and consistent: three instances keep writing while it runs, and lose nothing. */
class BackupUnderWritesTest {
    @TempDir
    Path dataDir;

    @Test
    void a_backup_under_writes_through_three_instances_holds_every_write_acknowledged_before_it() throws Exception {
        Map<String, String> env = Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "0");
        try (RunningInstance a = RunningInstance.start(dataDir, env);
             RunningInstance b = RunningInstance.start(dataDir, env);
             RunningInstance c = RunningInstance.start(dataDir, env)) {
            List<ApiClient> clients = List.of(a.admin(), b.admin(), c.admin());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong backupStarted = new AtomicLong(Long.MAX_VALUE);
            ConcurrentLinkedQueue<Long> acknowledgedBefore = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicLong writes = new AtomicLong();
            ExecutorService writers = Executors.newFixedThreadPool(6);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                ApiClient client = clients.get(w % 3);
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        ApiResponse created = client.post("/clientes", Map.of("nome", "w" + writer + "-" + i));
                        long acknowledged = System.nanoTime();
                        if (created.status() != 201) {
                            failures.add(created.toString());
                            continue;
                        }
                        writes.incrementAndGet();
                        if (acknowledged < backupStarted.get()) {
                            acknowledgedBefore.add(created.json().get("id").asLong());
                        }
                    }
                }));
            }
            // Enough acknowledged writes from every side before the backup starts, and more after it
            // returns, so the check covers writes on both sides of the snapshot without guessing a pace.
            await().atMost(Duration.ofSeconds(30)).until(() -> writes.get() >= 60);
            long before = writes.get();
            backupStarted.set(System.nanoTime());
            ApiResponse backup = clients.get(1).post("/backups", Map.of());
            long during = writes.get() - before;
            long afterBackup = writes.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> writes.get() >= afterBackup + 20);
            stop.set(true);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            writers.shutdown();

            assertThat(backup.status()).as(backup.toString()).isEqualTo(201);
            assertThat(failures).as("client errors while the backup ran").isEmpty();
            assertThat(acknowledgedBefore).isNotEmpty();
            assertThat(writes.get()).as("writes kept going during and after the backup (%d during)", during)
                    .isGreaterThan(before);
            Set<Long> inBackup = ids(dataDir.resolve("backups").resolve(backup.json().get("name").asText())
                    .resolve("fichas.db"));
            assertThat(inBackup).containsAll(new HashSet<>(acknowledgedBefore));
            assertThat(inBackup.size()).isLessThan((int) countLive(a));
        }
    }

    private static long countLive(RunningInstance instance) {
        return instance.admin().get("/clientes?size=1").json().get("total").asLong();
    }

    private static Set<Long> ids(Path database) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id FROM clientes")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
