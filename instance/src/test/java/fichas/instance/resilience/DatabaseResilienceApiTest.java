package fichas.instance.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import fichas.instance.store.StoreUnavailableException;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The guard seen over HTTP: a real instance whose database calls are made to fail or to hang. */
class DatabaseResilienceApiTest {
    @TempDir
    Path dataDir;

    private static void injectIoErrors(RunningInstance instance, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> instance.server().database().read(c -> {
                throw new SQLiteException("injected disk I/O error", SQLiteErrorCode.SQLITE_IOERR_READ);
            })).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void persistent_database_failures_open_the_circuit_requests_get_503_with_retry_after_and_health_is_down_until_it_closes() {
        try (RunningInstance instance = RunningInstance.start(dataDir, Map.of("FICHAS_DB_CIRCUIT_MIN_CALLS", "4",
                "FICHAS_DB_CIRCUIT_OPEN_MS", "1500"))) {
            ApiClient admin = instance.admin();

            // More failures than the successful calls of the start and the login (throttle check, user, session), so
            // the failure rate passes 50 % whatever their number.
            injectIoErrors(instance, 8);

            ApiResponse refused = admin.get("/clientes/1");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.errorCode()).isEqualTo("unavailable");
            assertThat(refused.header("Retry-After")).hasValueSatisfying(
                    value -> assertThat(Integer.parseInt(value)).isBetween(1, 2));
            ApiResponse health = instance.client().get("/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asText()).isEqualTo("DOWN");

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> instance.client().get("/health").status() == 200);
            assertThat(admin.get("/producoes/tipos").status()).isEqualTo(200);
        }
    }

    @Test
    void when_every_read_slot_is_held_by_a_slow_query_other_requests_get_503_at_once_instead_of_hanging() throws Exception {
        try (RunningInstance instance = RunningInstance.start(dataDir, Map.of("FICHAS_DB_READ_CONCURRENCY", "1",
                "FICHAS_DB_BULKHEAD_WAIT_MS", "100"))) {
            ApiClient admin = instance.admin();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> slow = CompletableFuture.supplyAsync(() -> instance.server().database().read(c -> {
                holding.countDown();
                try {
                    return release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }));
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            ApiResponse refused = admin.get("/clientes?q=anything");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.errorCode()).isEqualTo("unavailable");
            assertThat(refused.header("Retry-After")).isPresent();
            assertThat(tookMillis).isLessThan(3_000);
            assertThat(instance.client().get("/health").status()).as("a busy instance is not down").isEqualTo(200);
            release.countDown();
            assertThat(slow.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(admin.get("/clientes?q=anything").status()).isEqualTo(200);
        }
    }

    @Test
    void a_write_whose_statement_hits_an_io_error_is_unavailable_not_an_internal_error() {
        try (RunningInstance instance = RunningInstance.start(dataDir)) {
            assertThatThrownBy(() -> instance.server().database().write(c -> {
                throw new SQLiteException("injected disk full", SQLiteErrorCode.SQLITE_FULL);
            })).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> instance.server().database().write(c -> {
                throw new SQLiteException("injected constraint", SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK);
            })).isNotInstanceOf(StoreUnavailableException.class);
        }
    }
}
