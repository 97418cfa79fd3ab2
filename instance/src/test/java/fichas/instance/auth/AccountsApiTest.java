package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account routes of API.md ("Accounts") on one instance; across instances: AccountsAcrossInstancesTest. */
class AccountsApiTest {
    @TempDir
    static Path dataDir;
    static RunningInstance instance;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        instance = RunningInstance.start(dataDir);
        admin = instance.admin();
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    private static long createUser(String username, String password, String role) {
        ApiResponse created = admin.post("/users", Map.of("username", username, "password", password, "role", role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("active").asBoolean()).isTrue();
        return created.json().get("id").asLong();
    }

    @Test
    void changing_the_own_password_ends_every_other_token_of_that_user_but_not_this_one() {
        createUser("ana", "senha-antiga", "operador");
        ApiClient phone = instance.client().login("ana", "senha-antiga");
        ApiClient desk = instance.client().login("ana", "senha-antiga");
        assertThat(phone.get("/clientes").status()).isEqualTo(200);

        ApiResponse changed = desk.put("/users/me/password",
                Map.of("current_password", "senha-antiga", "new_password", "senha-nova-1"));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        assertThat(phone.get("/clientes").status()).isEqualTo(401);
        assertThat(desk.get("/clientes").status()).isEqualTo(200);
        assertThat(instance.client().post("/auth/login", Map.of("username", "ana", "password", "senha-antiga"))
                .errorCode()).isEqualTo("invalid_credentials");
        assertThat(instance.client().login("ana", "senha-nova-1").get("/clientes").status()).isEqualTo(200);
    }

    @Test
    void a_wrong_current_password_is_invalid_credentials_and_a_short_new_one_is_validation_failed() {
        createUser("bia", "senha-da-bia", "operador");
        ApiClient bia = instance.client().login("bia", "senha-da-bia");

        ApiResponse wrong = bia.put("/users/me/password", Map.of("current_password", "errada!!", "new_password", "12345678"));
        ApiResponse tooShort = bia.put("/users/me/password",
                Map.of("current_password", "senha-da-bia", "new_password", "1234567"));
        ApiResponse missing = bia.put("/users/me/password", Map.of("new_password", "12345678"));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.errorCode()).isEqualTo("validation_failed");
        assertThat(tooShort.json().at("/error/details/0/field").asText()).isEqualTo("new_password");
        assertThat(missing.json().at("/error/details/0/field").asText()).isEqualTo("current_password");
        assertThat(bia.get("/clientes").status()).isEqualTo(200);
        assertThat(instance.client().put("/users/me/password",
                Map.of("current_password", "senha-da-bia", "new_password", "12345678")).status()).isEqualTo(401);
    }

    @Test
    void deactivating_a_user_ends_its_tokens_and_its_login_is_invalid_credentials_until_reactivated() {
        long id = createUser("caio", "senha-do-caio", "operador");
        ApiClient caio = instance.client().login("caio", "senha-do-caio");

        ApiResponse off = admin.patch("/users/" + id, Map.of("active", false));

        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(off.json().get("active").asBoolean()).isFalse();
        assertThat(off.json().get("username").asText()).isEqualTo("caio");
        assertThat(off.json().get("version").asLong()).isEqualTo(2);
        assertThat(off.text()).doesNotContain("password");
        assertThat(caio.get("/clientes").status()).isEqualTo(401);
        ApiResponse refused = instance.client().post("/auth/login", Map.of("username", "caio", "password", "senha-do-caio"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("invalid_credentials");
        assertThat(refused.json().at("/error/message").asText())
                .isEqualTo(instance.client().post("/auth/login", Map.of("username", "caio", "password", "errada!!"))
                        .json().at("/error/message").asText());

        assertThat(admin.patch("/users/" + id, Map.of("active", true)).json().get("active").asBoolean()).isTrue();
        assertThat(instance.client().login("caio", "senha-do-caio").get("/clientes").status()).isEqualTo(200);
    }

    @Test
    void a_role_change_applies_to_the_users_existing_tokens_at_once() {
        long id = createUser("duda", "senha-da-duda", "operador");
        ApiClient duda = instance.client().login("duda", "senha-da-duda");
        assertThat(duda.get("/users").status()).isEqualTo(403);

        assertThat(admin.patch("/users/" + id, Map.of("role", "admin")).json().get("role").asText()).isEqualTo("admin");
        assertThat(duda.get("/users").status()).isEqualTo(200);

        assertThat(admin.patch("/users/" + id, Map.of("role", "operador")).status()).isEqualTo(200);
        assertThat(duda.get("/users").status()).isEqualTo(403);
    }

    @Test
    void the_last_active_admin_can_be_neither_deactivated_nor_demoted() {
        long adminId = admin.get("/users?size=500").json().get("items").findParents("username").stream()
                .filter(u -> u.get("username").asText().equals("admin")).findFirst().orElseThrow().get("id").asLong();
        long other = createUser("eva", "senha-da-eva", "admin");
        assertThat(admin.patch("/users/" + other, Map.of("active", false)).status()).isEqualTo(200);

        ApiResponse deactivate = admin.patch("/users/" + adminId, Map.of("active", false));
        ApiResponse demote = admin.patch("/users/" + adminId, Map.of("role", "operador"));

        assertThat(deactivate.status()).isEqualTo(409);
        assertThat(deactivate.errorCode()).isEqualTo("conflict");
        assertThat(demote.status()).isEqualTo(409);
        assertThat(admin.get("/users").status()).isEqualTo(200);

        assertThat(admin.patch("/users/" + other, Map.of("active", true)).status()).isEqualTo(200);
        ApiClient eva = instance.client().login("eva", "senha-da-eva");
        assertThat(eva.patch("/users/" + adminId, Map.of("role", "operador")).status()).isEqualTo(200);
        assertThat(admin.get("/users").status()).isEqualTo(403);
        assertThat(eva.patch("/users/" + adminId, Map.of("role", "admin")).status()).isEqualTo(200);
    }

    @Test
    void patch_is_for_admins_and_checks_its_body() {
        long id = createUser("fabio", "senha-do-fabio", "operador");
        ApiClient fabio = instance.client().login("fabio", "senha-do-fabio");

        assertThat(fabio.patch("/users/" + id, Map.of("role", "admin")).status()).isEqualTo(403);
        assertThat(admin.patch("/users/999999", Map.of("active", false)).status()).isEqualTo(404);
        assertThat(admin.patch("/users/" + id, Map.of()).errorCode()).isEqualTo("validation_failed");
        assertThat(admin.patch("/users/" + id, Map.of("active", "no")).errorCode()).isEqualTo("validation_failed");
        assertThat(admin.patch("/users/" + id, Map.of("role", "chefe")).errorCode()).isEqualTo("validation_failed");
        assertThat(admin.patch("/users/" + id, Map.of("password", "12345678")).errorCode()).isEqualTo("validation_failed");
        assertThat(admin.patch("/users/" + id, Map.of("active", true, "version", 99)).errorCode())
                .isEqualTo("version_conflict");
        assertThat(instance.client().patch("/users/" + id, Map.of("active", false)).status()).isEqualTo(401);
    }

    @Test
    void a_patch_with_neither_active_nor_role_says_plainly_what_to_send() {
        long id = createUser("gil", "senha-do-gil", "operador");

        ApiResponse response = admin.patch("/users/" + id, Map.of("username", "x"));

        assertThat(response.errorCode()).isEqualTo("validation_failed");
        assertThat(response.json().at("/error/message").asText())
                .isEqualTo("active is required when role is not sent (send active, role or both)");
        assertThat(response.json().at("/error/details")).hasSize(1);
        assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("active");
        assertThat(response.json().at("/error/details/0/message").asText())
                .isEqualTo("is required when role is not sent (send active, role or both)");
    }

    @Test
    void a_password_of_only_whitespace_is_refused_when_it_is_set_but_spaces_inside_one_are_kept() {
        ApiResponse blank = admin.post("/users", Map.of("username", "hugo", "password", "        ", "role", "operador"));
        assertThat(blank.errorCode()).isEqualTo("validation_failed");
        assertThat(blank.json().at("/error/details/0/field").asText()).isEqualTo("password");
        assertThat(blank.json().at("/error/message").asText()).isEqualTo("password must not be blank");

        createUser("hugo", "  senha do hugo  ", "operador");
        ApiClient hugo = instance.client().login("hugo", "  senha do hugo  ");
        assertThat(instance.client().post("/auth/login", Map.of("username", "hugo", "password", "senha do hugo"))
                .errorCode()).isEqualTo("invalid_credentials");

        ApiResponse blankNew = hugo.put("/users/me/password",
                Map.of("current_password", "  senha do hugo  ", "new_password", " \t\n      \u3000 "));
        assertThat(blankNew.errorCode()).isEqualTo("validation_failed");
        assertThat(blankNew.json().at("/error/details/0/field").asText()).isEqualTo("new_password");
        assertThat(blankNew.json().at("/error/details/0/message").asText()).isEqualTo("must not be blank");
    }
}
