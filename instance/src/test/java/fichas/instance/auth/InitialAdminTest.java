package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.RunningInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitialAdminTest {
    @TempDir
    Path dataDir;

    @Test
    void without_a_configured_password_a_random_one_is_written_owner_only() throws Exception {
        try (RunningInstance instance = RunningInstance.start(dataDir, Map.of("FICHAS_ADMIN_PASSWORD", ""))) {
            Path file = dataDir.resolve("initial-admin-password");
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String password = Files.readString(file).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);

            assertThat(instance.client().login("admin", password).get("/users").status()).isEqualTo(200);
            try (var files = Files.list(dataDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
            }
        }
    }

    @Test
    void the_admin_is_created_once_and_a_later_password_setting_does_not_change_it() {
        try (RunningInstance first = RunningInstance.start(dataDir)) {
            first.admin();
        }
        try (RunningInstance second = RunningInstance.start(dataDir, Map.of("FICHAS_ADMIN_PASSWORD", "another-one-9"))) {
            assertThat(second.client().post("/auth/login", Map.of("username", "admin", "password", "another-one-9"))
                    .status()).isEqualTo(401);
            assertThat(second.admin().get("/users").json().get("total").asLong()).isEqualTo(1);
        }
    }
}
