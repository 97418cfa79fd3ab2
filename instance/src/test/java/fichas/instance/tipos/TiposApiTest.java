package fichas.instance.tipos;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithInstance
class TiposApiTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;

    @Test
    void a_fresh_database_is_seeded_with_the_factory_tipos() {
        ApiResponse list = admin.get("/producoes/tipos");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").findValuesAsText("codigo"))
                .contains("CORTE", "DOBRA", "SOLDA", "PINTURA", "MONTAGEM");
        assertThat(list.json().has("total")).isFalse();
    }

    @Test
    void admins_create_and_update_tipos_with_versions() {
        ApiResponse created = admin.post("/producoes/tipos", Map.of("codigo", "USINAGEM", "nome", "Usinagem"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("ativo").asBoolean()).isTrue();
        long id = created.json().get("id").asLong();

        ApiResponse updated = admin.put("/producoes/tipos/" + id,
                Map.of("codigo", "USINAGEM", "nome", "Usinagem CNC", "ativo", false, "version", 1));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        assertThat(updated.json().get("ativo").asBoolean()).isFalse();

        assertThat(admin.put("/producoes/tipos/" + id, Map.of("codigo", "USINAGEM", "nome", "x", "version", 1))
                .errorCode()).isEqualTo("version_conflict");
        ApiResponse readOnlySentBack = admin.put("/producoes/tipos/" + id, Map.of("codigo", "USINAGEM",
                "nome", "Usinagem CNC", "ativo", false, "version", 2, "status", "x", "data_criacao", "y", "id", id));
        assertThat(readOnlySentBack.status()).as(readOnlySentBack.toString()).isEqualTo(200);
        assertThat(admin.get("/producoes/tipos?ativo=false").json().get("items").findValuesAsText("codigo"))
                .contains("USINAGEM");
        assertThat(admin.get("/producoes/tipos?ativo=true").json().get("items").findValuesAsText("codigo"))
                .doesNotContain("USINAGEM");
    }

    @Test
    void codigo_rules_and_uniqueness_are_enforced() {
        assertThat(admin.post("/producoes/tipos", Map.of("codigo", "corte baixo", "nome", "x")).errorCode())
                .isEqualTo("validation_failed");
        assertThat(admin.post("/producoes/tipos", Map.of("codigo", "A".repeat(33), "nome", "x")).errorCode())
                .isEqualTo("validation_failed");
        assertThat(admin.post("/producoes/tipos", Map.of("codigo", "X1", "nome", "x", "ativo", "sim")).json()
                .at("/error/details/0/field").asText()).isEqualTo("ativo");
        ApiResponse duplicate = admin.post("/producoes/tipos", Map.of("codigo", "CORTE", "nome", "Outro corte"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("conflict");
    }

    @Test
    void a_bad_ativo_filter_is_a_bad_request_and_unknown_tipos_are_404() {
        assertThat(admin.get("/producoes/tipos?ativo=talvez").errorCode()).isEqualTo("bad_request");
        assertThat(admin.put("/producoes/tipos/9999", Map.of("codigo", "Z", "nome", "z", "version", 1)).status())
                .isEqualTo(404);
    }

    @Test
    void tipos_cannot_be_deleted_so_delete_is_405_with_allow() {
        ApiResponse response = admin.delete("/producoes/tipos/1");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.errorCode()).isEqualTo("method_not_allowed");
        assertThat(response.header("Allow").orElseThrow()).contains("GET", "PUT").doesNotContain("DELETE");
    }
}
