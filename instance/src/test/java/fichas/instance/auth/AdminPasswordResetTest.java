package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.config.InstanceConfig;
import fichas.core.config.Settings;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.RunningInstance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reset-admin-password} (the instance's side of {@code ./start.sh reset-admin-password}) while an instance runs. */
class AdminPasswordResetTest {
    @TempDir
    Path dataDir;

    private InstanceConfig configFor(Path dir) throws Exception {
        Properties defaults = new Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        }
        return InstanceConfig.from(new Settings(defaults, Map.of("FICHAS_DATA_DIR", dir.toString(),
                "FICHAS_LOG_DIR", dir.resolve("logs").toString(), "FICHAS_PBKDF2_ITERATIONS", "1000",
                "FICHAS_PASSWORD_HASH", "pbkdf2"), new Properties()));
    }

    @Test
    void gives_admin_a_new_password_shown_once_ends_its_sessions_and_clears_its_throttle() throws Exception {
        try (RunningInstance instance = RunningInstance.start(dataDir)) {
            ApiClient before = instance.admin();
            for (int i = 0; i < 5; i++) {
                instance.client().post("/auth/login", Map.of("username", "admin", "password", "lost-" + i));
            }
            assertThat(instance.client().post("/auth/login", Map.of("username", "admin", "password", "x")).status())
                    .isEqualTo(429);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int code = AdminPasswordReset.run(configFor(dataDir), new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err);

            assertThat(code).isZero();
            Matcher shown = Pattern.compile("^    (\\S{20})$", Pattern.MULTILINE).matcher(out.toString(StandardCharsets.UTF_8));
            assertThat(shown.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
            assertThat(before.get("/clientes").status()).isEqualTo(401);
            assertThat(instance.client().login("admin", shown.group(1)).get("/users").status()).isEqualTo(200);
            assertThat(instance.client().post("/auth/login", Map.of("username", "admin",
                    "password", RunningInstance.ADMIN_PASSWORD)).errorCode()).isEqualTo("invalid_credentials");
        }
    }

    @Test
    void without_an_admin_user_it_says_so_and_exits_1(@TempDir Path empty) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = AdminPasswordReset.run(configFor(empty), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("There is no user 'admin'");
    }
}
