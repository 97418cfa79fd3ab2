package fichas.instance.pedidos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithInstance
class PedidosApiTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;
    static ApiClient operador;
    static PedidoFixtures fixtures;
    static long cliente;
    static long corte;

    @BeforeAll
    static void start() {
        assertThat(admin.post("/users", Map.of("username", "operador1", "password", "op-pass-123", "role", "operador"))
                .status()).isEqualTo(201);
        operador = instance.client().login("operador1", "op-pass-123");
        fixtures = new PedidoFixtures(admin);
        cliente = fixtures.cliente("Metalúrgica Silva");
        corte = fixtures.tipo("CORTE");
    }

    @Test
    void a_created_pedido_is_recebido_dated_today_in_the_configured_zone_and_has_a_location() {
        ApiResponse created = operador.post("/pedidos", fixtures.body(cliente, corte));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("status").asText()).isEqualTo("recebido");
        assertThat(body.get("data_entrada").asText()).isEqualTo(LocalDate.now(ZoneId.of("America/Sao_Paulo")).toString());
        assertThat(body.get("data_criacao")).isEqualTo(body.get("created_at"));
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("data_entrega_prevista").isNull()).isTrue();
        assertThat(created.header("Location")).contains("/pedidos/" + body.get("id").asLong());
        assertThat(body.fieldNames()).toIterable().containsExactly("id", "cliente_id", "tipo_id", "descricao",
                "quantidade", "status", "data_entrada", "data_entrega_prevista", "observacoes", "data_criacao",
                "created_at", "updated_at", "version");
    }

    @Test
    void a_read_pedido_carries_its_cliente_summary_and_its_images() {
        long id = fixtures.pedido(cliente, corte);

        JsonNode body = operador.get("/pedidos/" + id).json();

        assertThat(body.get("cliente").get("id").asLong()).isEqualTo(cliente);
        assertThat(body.get("cliente").get("nome").asText()).isEqualTo("Metalúrgica Silva");
        assertThat(body.get("imagens").isArray()).isTrue();
        assertThat(body.get("imagens")).isEmpty();
    }

    @Test
    void every_broken_field_is_named_at_once() {
        ApiResponse response = admin.post("/pedidos", Map.of("cliente_id", "1", "tipo_id", 1, "descricao", "   ",
                "quantidade", 0, "data_entrada", "2026-02-30", "cor", "azul"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("validation_failed");
        assertThat(response.json().at("/error/details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("cliente_id", "descricao", "quantidade", "data_entrada", "cor");
    }

    @Test
    void a_missing_cliente_and_an_inactive_tipo_are_validation_errors_naming_the_field() {
        long inactive = createInactiveTipo("RETIRED1");
        ApiResponse response = admin.post("/pedidos", fixtures.body(999_999, inactive));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("validation_failed");
        assertThat(response.json().at("/error/details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("cliente_id", "tipo_id");
        assertThat(admin.post("/pedidos", fixtures.body(cliente, 999_999)).json().at("/error/details/0/field").asText())
                .isEqualTo("tipo_id");
    }

    @Test
    void a_missing_cliente_and_an_inactive_tipo_are_named_beside_the_other_broken_fields() {
        long inactive = createInactiveTipo("RETIRED2");
        ApiResponse created = admin.post("/pedidos", Map.of("cliente_id", 999_999, "tipo_id", inactive, "descricao", " ",
                "quantidade", 0));

        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().at("/error/details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("cliente_id", "tipo_id", "descricao", "quantidade");

        long id = admin.post("/pedidos", fixtures.body(cliente, corte)).json().get("id").asLong();
        ApiResponse updated = admin.put("/pedidos/" + id, Map.of("cliente_id", 999_999, "tipo_id", corte,
                "descricao", "", "quantidade", 1, "version", 1));
        assertThat(updated.status()).isEqualTo(400);
        assertThat(updated.json().at("/error/details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("cliente_id", "descricao");
    }

    @Test
    void the_delivery_date_may_not_come_before_the_entry_date() {
        Map<String, Object> body = fixtures.body(cliente, corte);
        body.put("data_entrada", "2026-03-10");
        body.put("data_entrega_prevista", "2026-03-09");
        ApiResponse response = admin.post("/pedidos", body);
        assertThat(response.errorCode()).isEqualTo("validation_failed");
        assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("data_entrega_prevista");

        body.put("data_entrega_prevista", "2026-03-10");
        assertThat(admin.post("/pedidos", body).status()).isEqualTo(201);
    }

    @Test
    void descricao_is_limited_to_2000_characters_and_quantidade_must_be_an_integer() {
        Map<String, Object> body = fixtures.body(cliente, corte);
        body.put("descricao", "x".repeat(2001));
        body.put("quantidade", 1.5);
        ApiResponse response = admin.post("/pedidos", body);
        assertThat(response.json().at("/error/details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("descricao", "quantidade");
        body.put("descricao", "x".repeat(2000));
        body.put("quantidade", 1);
        assertThat(admin.post("/pedidos", body).status()).isEqualTo(201);
    }

    @Test
    void an_update_replaces_the_editable_fields_and_ignores_what_was_read_back() {
        long id = fixtures.pedido(cliente, corte);
        JsonNode read = admin.get("/pedidos/" + id).json();
        Map<String, Object> body = ApiClientJson.toMap(read);
        body.put("descricao", "Chapa 5mm");
        body.put("status", "entregue");
        body.remove("observacoes");

        ApiResponse updated = admin.put("/pedidos/" + id, body);

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("descricao").asText()).isEqualTo("Chapa 5mm");
        assertThat(updated.json().get("status").asText()).isEqualTo("recebido");
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        assertThat(admin.put("/pedidos/" + id, body).errorCode()).isEqualTo("version_conflict");
    }

    @Test
    void an_update_needs_a_version_and_an_unknown_pedido_is_404() {
        Map<String, Object> body = fixtures.body(cliente, corte);
        long id = fixtures.pedido(cliente, corte);
        assertThat(admin.put("/pedidos/" + id, body).json().at("/error/details/0/field").asText()).isEqualTo("version");
        body.put("version", 1);
        assertThat(admin.put("/pedidos/999999", body).status()).isEqualTo(404);
        assertThat(admin.get("/pedidos/999999").status()).isEqualTo(404);
        assertThat(admin.get("/pedidos/abc").status()).isEqualTo(404);
    }

    @Test
    void a_cliente_with_pedidos_cannot_be_deleted() {
        long other = fixtures.cliente("Com pedidos");
        fixtures.pedido(other, corte);

        ApiResponse response = admin.delete("/clientes/" + other);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo("conflict");
    }

    @Test
    void only_an_admin_deletes_a_pedido_and_then_it_is_gone() {
        long id = fixtures.pedido(cliente, corte);

        assertThat(operador.delete("/pedidos/" + id).status()).isEqualTo(403);
        assertThat(admin.delete("/pedidos/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/pedidos/" + id).status()).isEqualTo(404);
        assertThat(admin.delete("/pedidos/" + id).status()).isEqualTo(404);
    }

    @Test
    void routes_need_a_token_and_bodies_must_be_json() {
        assertThat(instance.client().get("/pedidos").status()).isEqualTo(401);
        assertThat(admin.send("POST", "/pedidos", "text/plain", "x".getBytes()).status()).isEqualTo(415);
        assertThat(admin.send("POST", "/pedidos", "application/json", "{".getBytes()).errorCode())
                .isEqualTo("bad_request");
        assertThat(admin.send("PATCH", "/pedidos", "application/json", "{}".getBytes()).status()).isEqualTo(405);
    }

    @Test
    void the_export_holds_cliente_tipo_fields_images_and_status_history() {
        long id = fixtures.pedido(cliente, corte);
        admin.patch("/pedidos/" + id + "/status", Map.of("status", "em_producao"));

        ApiResponse export = operador.get("/pedidos/" + id + "/export");

        assertThat(export.status()).isEqualTo(200);
        JsonNode doc = export.json();
        assertThat(doc.get("id").asLong()).isEqualTo(id);
        assertThat(doc.get("status").asText()).isEqualTo("em_producao");
        assertThat(doc.at("/cliente/nome").asText()).isEqualTo("Metalúrgica Silva");
        assertThat(doc.at("/tipo/codigo").asText()).isEqualTo("CORTE");
        assertThat(doc.get("imagens").isArray()).isTrue();
        assertThat(doc.get("status_history")).hasSize(2);
        assertThat(doc.at("/status_history/0/from").isNull()).isTrue();
        assertThat(doc.at("/status_history/0/to").asText()).isEqualTo("recebido");
        assertThat(doc.at("/status_history/1/from").asText()).isEqualTo("recebido");
        assertThat(doc.at("/status_history/1/to").asText()).isEqualTo("em_producao");
        assertThat(doc.at("/status_history/1/changed_by_username").asText()).isEqualTo("admin");
        assertThat(admin.get("/pedidos/999999/export").status()).isEqualTo(404);
    }

    private static long createInactiveTipo(String codigo) {
        ApiResponse created = admin.post("/producoes/tipos", Map.of("codigo", codigo, "nome", codigo, "ativo", false));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }
}
