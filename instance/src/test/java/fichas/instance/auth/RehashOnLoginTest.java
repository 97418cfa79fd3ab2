package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.store.Sql;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API.md: a stored hash made with a lower cost (or an older scheme) is re-hashed on the next successful login. */
class RehashOnLoginTest {
    @TempDir
    Path dataDir;

    private static String storedHash(RunningInstance instance, String username) {
        return instance.server().database().read(c -> Sql.one(c, "SELECT password_hash FROM users WHERE username = ?",
                rs -> rs.getString(1), username)).orElseThrow();
    }

    @Test
    void a_weaker_stored_hash_is_replaced_on_the_next_successful_login_and_still_verifies_everywhere() {
        try (RunningInstance old = RunningInstance.start(dataDir);
             RunningInstance upgraded = RunningInstance.start(dataDir, Map.of("FICHAS_PASSWORD_HASH", "argon2id"))) {
            old.admin().post("/users", Map.of("username", "nina", "password", "senha-da-nina", "role", "operador"));
            assertThat(storedHash(old, "nina")).startsWith("pbkdf2-sha256$1000$");

            upgraded.client().post("/auth/login", Map.of("username", "nina", "password", "errada!!"));
            assertThat(storedHash(old, "nina")).as("a failed login changes nothing").startsWith("pbkdf2-sha256$1000$");

            assertThat(upgraded.client().login("nina", "senha-da-nina").get("/clientes").status()).isEqualTo(200);
            String rehashed = storedHash(old, "nina");
            assertThat(rehashed).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");

            upgraded.client().login("nina", "senha-da-nina");
            assertThat(storedHash(old, "nina")).as("an up-to-date hash is left alone").isEqualTo(rehashed);
            assertThat(old.client().login("nina", "senha-da-nina").get("/clientes").status()).isEqualTo(200);
        }
    }
}
