package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.InstanceProcess;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens live in the shared database: made on one instance process, honoured and ended on all at once. */
class TokensAcrossProcessesIT {
    @TempDir
    Path dataDir;

    @Test
    void a_token_made_on_one_process_works_on_another_until_a_logout_on_either() {
        try (InstanceProcess first = InstanceProcess.start(dataDir, Map.of());
             InstanceProcess second = InstanceProcess.start(dataDir, Map.of())) {
            ApiClient onFirst = first.client().login("admin", RunningInstance.ADMIN_PASSWORD);
            String token = first.client().post("/auth/login",
                    Map.of("username", "admin", "password", RunningInstance.ADMIN_PASSWORD)).json().get("token").asText();
            ApiClient firstWithToken = first.client().withToken(token);
            ApiClient secondWithToken = second.client().withToken(token);

            assertThat(secondWithToken.get("/clientes").status()).isEqualTo(200);

            assertThat(secondWithToken.post("/auth/logout", Map.of()).status()).isEqualTo(204);

            assertThat(firstWithToken.get("/clientes").status()).isEqualTo(401);
            assertThat(secondWithToken.get("/clientes").status()).isEqualTo(401);
            assertThat(onFirst.get("/clientes").status()).as("other tokens live on").isEqualTo(200);
        }
    }
}
