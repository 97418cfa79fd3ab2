package fichas.instance.store;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.InstanceProcess;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instance JVMs from the built jar on one fresh SQLite file, started at the same moment (so
 * they race to migrate), then 3 × 8 client threads creating clientes for 10 s.
 */
class ThreeProcessesOneFileIT {
    private static final Duration WRITE_FOR = Duration.ofSeconds(10);
    private static final int THREADS_PER_INSTANCE = 8;

    @TempDir
    Path dataDir;

    @Test
    void concurrent_creates_through_three_processes_all_succeed_and_are_readable_everywhere() throws Exception {
        List<InstanceProcess> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                instances.add(InstanceProcess.launch(dataDir, Map.of("FICHAS_ACCESS_LOG", "false")));
            }
            for (InstanceProcess instance : instances) {
                instance.awaitHealthy(Duration.ofSeconds(60));
            }
            List<ApiClient> clients = instances.stream()
                    .map(p -> p.client().login("admin", RunningInstance.ADMIN_PASSWORD)).toList();

            ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger sequence = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(3 * THREADS_PER_INSTANCE);
            long deadline = System.nanoTime() + WRITE_FOR.toNanos();
            List<Future<?>> workers = new ArrayList<>();
            for (ApiClient client : clients) {
                for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                    workers.add(pool.submit(() -> {
                        while (System.nanoTime() < deadline) {
                            ApiResponse created = client.post("/clientes", Map.of("nome", "Cliente " + sequence.incrementAndGet()));
                            if (created.status() == 201) {
                                acknowledged.add(created.json().get("id").asLong());
                            } else {
                                failures.add(created.toString());
                            }
                        }
                    }));
                }
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();

            assertThat(failures).isEmpty();
            assertThat(acknowledged).hasSizeGreaterThan(100);
            assertThat(acknowledged).doesNotHaveDuplicates();
            for (ApiClient client : clients) {
                long total = client.get("/clientes?size=1").json().get("total").asLong();
                assertThat(total).isEqualTo(acknowledged.size());
            }
            List<Long> ids = new ArrayList<>(acknowledged);
            for (int i = 0; i < ids.size(); i += Math.max(1, ids.size() / 300)) {
                for (ApiClient client : clients) {
                    assertThat(client.get("/clientes/" + ids.get(i)).status()).isEqualTo(200);
                }
            }
            System.out.printf("3 processes x %d threads, %s: %d clientes created, 0 failed%n",
                    THREADS_PER_INSTANCE, WRITE_FOR, ids.size());
        } finally {
            instances.forEach(InstanceProcess::close);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fichas.db"));
             ResultSet rs = connection.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fichas.db"));
             ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).as("each migration applied exactly once").isEqualTo(
                    Migrations.SCRIPTS.size());
        }
    }
}
