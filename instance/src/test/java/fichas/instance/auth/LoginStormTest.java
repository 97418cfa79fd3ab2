package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6 through HTTP: a burst of logins larger than the hashing pool can serve in time is
 * partly queued and partly refused at once with 503 + Retry-After; other requests keep working meanwhile.
 */
class LoginStormTest {
    @TempDir
    Path dataDir;

    @Test
    void a_login_burst_queues_in_the_pool_refuses_the_excess_at_once_and_leaves_other_requests_alone() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(48);
        try (RunningInstance instance = RunningInstance.start(dataDir, Map.of("FICHAS_PBKDF2_ITERATIONS", "150000",
                "FICHAS_LOGIN_HASH_CORES", "1", "FICHAS_LOGIN_MAX_WAIT_MS", "500", "FICHAS_LOGIN_DEADLINE_MS", "1500", "FICHAS_LOGIN_QUEUE_MAX", "8"))) {
            ApiClient admin = instance.admin();
            List<CompletableFuture<ApiResponse>> logins = new ArrayList<>();
            List<Long> loginMillis = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 40; i++) {
                logins.add(CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    ApiResponse response = instance.client().post("/auth/login",
                            Map.of("username", "admin", "password", RunningInstance.ADMIN_PASSWORD));
                    loginMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    return response;
                }, clients));
            }
            List<Long> otherMillis = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                assertThat(admin.get("/producoes/tipos").status()).isEqualTo(200);
                otherMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }

            int ok = 0;
            int refused = 0;
            for (CompletableFuture<ApiResponse> login : logins) {
                ApiResponse response = login.get(60, TimeUnit.SECONDS);
                if (response.status() == 200) {
                    ok++;
                } else {
                    assertThat(response.status()).as(response.toString()).isEqualTo(503);
                    assertThat(response.errorCode()).isEqualTo("unavailable");
                    assertThat(Integer.parseInt(response.header("Retry-After").orElseThrow())).isPositive();
                    refused++;
                }
            }
            HashingPool.Stats stats = instance.server().passwords().pool().stats();

            assertThat(ok).isPositive();
            assertThat(refused).isPositive();
            assertThat(stats.mostRunningAtOnce()).isEqualTo(1);
            assertThat(stats.refused()).isEqualTo(refused);
            assertThat(loginMillis).as("every login answered, 200 or 503, by its 1.5 s deadline (plus scheduling)")
                    .hasSize(40).allMatch(ms -> ms < 4_000);
            assertThat(otherMillis).as("requests that hash nothing do not queue behind logins").allMatch(ms -> ms < 2_000);
        } finally {
            clients.shutdownNow();
        }
    }
}
