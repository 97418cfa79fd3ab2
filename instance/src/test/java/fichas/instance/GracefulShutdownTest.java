package fichas.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulShutdownTest {
    @TempDir
    Path dataDir;

    private static boolean refused(ApiClient client) {
        try {
            return client.get("/health").status() == 503;
        } catch (UncheckedIOException e) {
            return true;
        }
    }

    @Test
    void a_stopping_instance_refuses_new_requests_finishes_the_one_in_flight_then_checkpoints_and_closes() throws Exception {
        RunningInstance instance = RunningInstance.start(dataDir, Map.of("FICHAS_SHUTDOWN_TIMEOUT_MS", "15000"));
        ApiClient admin = instance.admin();
        Path file = dataDir.resolve("fichas.db");
        CompletableFuture<Void> closing;
        CompletableFuture<ApiResponse> inFlight;
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement lock = other.createStatement()) {
            // Another process holds the write lock, so the create below waits inside the instance.
            lock.execute("BEGIN IMMEDIATE");
            inFlight = CompletableFuture.supplyAsync(() -> admin.post("/clientes", Map.of("nome", "Em voo Ltda")));
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !inFlight.isDone());

            closing = CompletableFuture.runAsync(instance::close);
            await().atMost(Duration.ofSeconds(5)).until(() -> refused(instance.client()));
            assertThat(inFlight).isNotDone();
            lock.execute("ROLLBACK");
        }

        assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        closing.get(20, TimeUnit.SECONDS);
        Path wal = dataDir.resolve("fichas.db-wal");
        assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("WAL checkpointed and truncated").isTrue();
        try (Connection check = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = check.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM clientes WHERE nome = 'Em voo Ltda'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
