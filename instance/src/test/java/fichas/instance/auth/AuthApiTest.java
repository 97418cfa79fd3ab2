package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithInstance
class AuthApiTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;

    @Test
    void login_answers_a_token_its_expiry_and_the_user() {
        ApiResponse login = instance.client().post("/auth/login",
                Map.of("username", "admin", "password", RunningInstance.ADMIN_PASSWORD));

        assertThat(login.status()).isEqualTo(200);
        JsonNode body = login.json();
        assertThat(body.get("token").asText()).hasSizeGreaterThanOrEqualTo(22);
        Instant expires = Instant.parse(body.get("expires_at").asText());
        assertThat(expires).isBetween(Instant.now().plusSeconds(11 * 3600), Instant.now().plusSeconds(12 * 3600 + 5));
        assertThat(body.get("user").get("username").asText()).isEqualTo("admin");
        assertThat(body.get("user").get("role").asText()).isEqualTo("admin");
        assertThat(body.get("user").get("id").asLong()).isPositive();
    }

    @Test
    void a_wrong_password_or_unknown_user_is_invalid_credentials() {
        ApiResponse wrong = instance.client().post("/auth/login", Map.of("username", "admin", "password", "nope-nope"));
        ApiResponse unknown = instance.client().post("/auth/login", Map.of("username", "ghost", "password", "nope-nope"));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
        assertThat(unknown.errorCode()).isEqualTo("invalid_credentials");
        assertThat(instance.client().post("/auth/login", Map.of("username", "admin")).errorCode())
                .isEqualTo("validation_failed");
    }

    @Test
    void routes_need_a_valid_bearer_token() {
        ApiClient anonymous = instance.client();
        assertThat(anonymous.get("/clientes").status()).isEqualTo(401);
        assertThat(anonymous.get("/clientes").errorCode()).isEqualTo("unauthenticated");
        assertThat(anonymous.get("/clientes").header("WWW-Authenticate")).contains("Bearer");
        assertThat(anonymous.withToken("forged").get("/clientes").errorCode()).isEqualTo("unauthenticated");
        assertThat(anonymous.withHeader("Authorization", "Basic YTpi").get("/clientes").status()).isEqualTo(401);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
    }

    @Test
    void logout_ends_the_token_and_only_that_token() {
        ApiClient first = instance.admin();
        ApiClient second = instance.admin();

        assertThat(first.post("/auth/logout", Map.of()).status()).isEqualTo(204);

        assertThat(first.get("/clientes").status()).isEqualTo(401);
        assertThat(second.get("/clientes").status()).isEqualTo(200);
    }

    @Test
    void auth_me_answers_the_tokens_user_and_401_once_the_token_no_longer_works() {
        ApiResponse me = admin.get("/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo("admin");
        assertThat(me.json().get("role").asText()).isEqualTo("admin");
        assertThat(me.json().get("id").asLong()).isPositive();
        assertThat(me.json().size()).isEqualTo(3);

        assertThat(admin.post("/users", Map.of("username", "joana", "password", "senha-forte", "role", "operador"))
                .status()).isEqualTo(201);
        ApiClient joana = instance.client().login("joana", "senha-forte");
        ApiClient joanaElsewhere = instance.client().login("joana", "senha-forte");
        JsonNode operador = joana.get("/auth/me").json();
        assertThat(operador.get("username").asText()).isEqualTo("joana");
        assertThat(operador.get("role").asText()).isEqualTo("operador");

        assertThat(instance.client().get("/auth/me").errorCode()).isEqualTo("unauthenticated");
        assertThat(instance.client().withToken("forged").get("/auth/me").status()).isEqualTo(401);
        assertThat(joana.post("/auth/logout", Map.of()).status()).isEqualTo(204);
        assertThat(joana.get("/auth/me").errorCode()).isEqualTo("unauthenticated");
        assertThat(joanaElsewhere.get("/auth/me").status()).isEqualTo(200);
        assertThat(admin.patch("/users/" + operador.get("id").asLong(), Map.of("active", false)).status()).isEqualTo(200);
        assertThat(joanaElsewhere.get("/auth/me").errorCode()).isEqualTo("unauthenticated");
    }

    @Test
    void admins_create_users_and_operadores_cannot_administer_users() {
        ApiResponse created = admin.post("/users", Map.of("username", "maria", "password", "senha-forte", "role", "operador"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().has("password")).isFalse();
        assertThat(created.json().has("password_hash")).isFalse();
        assertThat(created.json().get("role").asText()).isEqualTo("operador");
        String location = created.header("Location").orElseThrow();
        ApiResponse read = admin.get(location);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("username").asText()).isEqualTo("maria");
        assertThat(read.json().has("password_hash")).isFalse();
        assertThat(admin.get("/users/999999").errorCode()).isEqualTo("not_found");

        ApiClient maria = instance.client().login("maria", "senha-forte");
        assertThat(maria.get(location).status()).isEqualTo(403);
        assertThat(maria.get("/clientes").status()).isEqualTo(200);
        assertThat(maria.get("/users").status()).isEqualTo(403);
        assertThat(maria.get("/users").errorCode()).isEqualTo("forbidden");
        assertThat(maria.post("/users", Map.of("username", "joao", "password", "12345678", "role", "admin")).status())
                .isEqualTo(403);
        assertThat(maria.post("/producoes/tipos", Map.of("codigo", "X", "nome", "X")).status()).isEqualTo(403);
    }

    @Test
    void user_rules_are_validated_and_duplicates_conflict() {
        assertThat(admin.post("/users", Map.of("username", "curto", "password", "1234567", "role", "operador"))
                .json().at("/error/details/0/field").asText()).isEqualTo("password");
        assertThat(admin.post("/users", Map.of("username", "x", "password", "12345678", "role", "chefe"))
                .json().at("/error/details").findValuesAsText("field")).containsExactlyInAnyOrder("username", "role");
        assertThat(admin.post("/users", Map.of("username", "pedro", "password", "12345678", "role", "operador")).status())
                .isEqualTo(201);
        ApiResponse duplicate = admin.post("/users", Map.of("username", "PEDRO", "password", "12345678", "role", "admin"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("conflict");
    }

    @Test
    void the_user_list_is_paged_by_username_without_password_material() {
        admin.post("/users", Map.of("username", "aaa-first", "password", "12345678", "role", "operador"));

        ApiResponse list = admin.get("/users?size=1");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").get(0).get("username").asText()).isEqualTo("aaa-first");
        assertThat(list.json().get("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(list.text()).doesNotContain("pbkdf2").doesNotContain("password");
    }
}
