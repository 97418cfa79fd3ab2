package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.observability.testing.CapturedLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one database file, each with its own pools and token cache (as separate to SQLite
 * as two processes): account changes and the login throttle hold across them at once.
 */
class AccountsAcrossInstancesTest {
    private static final Map<String, String> SHORT_WINDOW = Map.of("FICHAS_LOGIN_FAILURE_WINDOW_S", "3");
    @TempDir
    static Path dataDir;
    static RunningInstance first;
    static RunningInstance second;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        first = RunningInstance.start(dataDir, SHORT_WINDOW);
        second = RunningInstance.start(dataDir, SHORT_WINDOW);
        admin = first.admin();
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    private static long createUser(String username, String password) {
        ApiResponse created = admin.post("/users", Map.of("username", username, "password", password, "role", "operador"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static ApiResponse login(RunningInstance through, String username, String password) {
        return through.client().post("/auth/login", Map.of("username", username, "password", password));
    }

    @Test
    void a_password_change_through_one_instance_ends_the_users_tokens_cached_by_the_other() {
        createUser("gil", "senha-do-gil");
        ApiClient onSecond = second.client().login("gil", "senha-do-gil");
        assertThat(onSecond.get("/clientes").status()).isEqualTo(200);
        assertThat(onSecond.get("/clientes").status()).isEqualTo(200);

        ApiClient onFirst = first.client().login("gil", "senha-do-gil");
        assertThat(onFirst.put("/users/me/password", Map.of("current_password", "senha-do-gil",
                "new_password", "outra-senha")).status()).isEqualTo(204);

        assertThat(onSecond.get("/clientes").status()).isEqualTo(401);
    }

    @Test
    void a_deactivation_through_one_instance_ends_the_users_tokens_cached_by_the_other() {
        long id = createUser("ivo", "senha-do-ivo");
        ApiClient onSecond = second.client().login("ivo", "senha-do-ivo");
        assertThat(onSecond.get("/clientes").status()).isEqualTo(200);

        assertThat(admin.patch("/users/" + id, Map.of("active", false)).status()).isEqualTo(200);

        assertThat(onSecond.get("/clientes").status()).isEqualTo(401);
        assertThat(login(second, "ivo", "senha-do-ivo").errorCode()).isEqualTo("invalid_credentials");
    }

    @Test
    void five_failures_spread_over_two_instances_throttle_the_username_on_both_whatever_the_password() {
        createUser("joana", "senha-da-joana");
        for (int i = 0; i < 5; i++) {
            ApiResponse failed = login(i % 2 == 0 ? first : second, "joana", "errada-" + i);
            assertThat(failed.errorCode()).isEqualTo("invalid_credentials");
        }

        for (RunningInstance through : new RunningInstance[]{first, second}) {
            ApiResponse throttled = login(through, "JOANA", "senha-da-joana");
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.errorCode()).isEqualTo("rate_limited");
            assertThat(Integer.parseInt(throttled.header("Retry-After").orElseThrow())).isBetween(1, 3);
        }
        assertThat(login(first, "outra-pessoa", "x").errorCode()).isEqualTo("invalid_credentials");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> login(second, "joana", "senha-da-joana").status() == 200);
    }

    @Test
    void a_success_resets_the_failures_of_the_username() {
        createUser("lara", "senha-da-lara");
        for (int i = 0; i < 4; i++) {
            login(first, "lara", "errada-" + i);
        }
        assertThat(login(second, "lara", "senha-da-lara").status()).isEqualTo(200);

        for (int i = 0; i < 4; i++) {
            assertThat(login(second, "lara", "errada-" + i).errorCode()).isEqualTo("invalid_credentials");
        }
        assertThat(login(first, "lara", "senha-da-lara").status()).isEqualTo(200);
    }

    @Test
    void failed_and_throttled_logins_are_logged_with_username_and_client_address_never_the_password() {
        try (CapturedLogs logs = new CapturedLogs(AuthService.class)) {
            ApiClient viaBalancer = first.client().withHeader("X-Forwarded-For", "10.9.9.9, 192.168.0.77");
            for (int i = 0; i < 6; i++) {
                viaBalancer.post("/auth/login", Map.of("username", "mallory", "password", "segredo-" + i));
            }

            assertThat(logs.at(Level.WARN)).extracting(e -> e.getFormattedMessage())
                    .anyMatch(line -> line.startsWith("login failed for user mallory from 192.168.0.77"))
                    .anyMatch(line -> line.startsWith("login throttled for user mallory from 192.168.0.77"))
                    .noneMatch(line -> line.contains("segredo"));
        }
    }
}
