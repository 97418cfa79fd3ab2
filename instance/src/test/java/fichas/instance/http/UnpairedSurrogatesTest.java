package fichas.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.pedidos.PedidoFixtures;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import org.junit.jupiter.api.Test;

/**
 * A JSON string holding a lone UTF-16 surrogate (written as an escape, so the JSON itself is valid) is refused
 * instead of being stored as "?". In JSON text below, a double backslash is one backslash on the wire.
 */
@WithInstance
class UnpairedSurrogatesTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;

    @Test
    void a_lone_surrogate_in_a_value_is_validation_failed_naming_the_field_and_nothing_is_stored() {
        long before = admin.get("/clientes").json().get("total").asLong();

        ApiResponse response = admin.post("/clientes", "{\"nome\":\"ok\",\"email\":\"a\\ud800@b.c\",\"telefone\":\"\\udc00\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("validation_failed");
        assertThat(response.json().at("/error/details").findValuesAsText("field")).containsExactly("email", "telefone");
        assertThat(response.json().at("/error/details/0/message").asText())
                .isEqualTo("must be valid Unicode, but holds an unpaired UTF-16 surrogate (\\uD800)");
        assertThat(admin.get("/clientes").json().get("total").asLong()).isEqualTo(before);
    }

    @Test
    void the_audited_body_is_refused() {
        ApiResponse response = admin.post("/clientes", "{\"nome\":\"\\ud800\"}");

        assertThat(response.errorCode()).isEqualTo("validation_failed");
        assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("nome");
    }

    @Test
    void a_lone_surrogate_in_a_field_name_is_a_bad_request() {
        ApiResponse response = admin.post("/clientes", "{\"nome\":\"ok\",\"x\\udfff\":1}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("bad_request");
        assertThat(response.json().at("/error/message").asText())
                .startsWith("a field name holds an unpaired UTF-16 surrogate, which is not valid Unicode at line 1");
    }

    @Test
    void a_lone_surrogate_deep_in_a_read_only_field_is_refused_too() {
        long cliente = admin.post("/clientes", "{\"nome\":\"Fundo\"}").json().get("id").asLong();

        ApiResponse response = admin.put("/clientes/" + cliente,
                "{\"nome\":\"Fundo\",\"version\":1,\"id\":" + cliente + ",\"created_at\":[{\"x\":\"\\ud800\"}]}");

        assertThat(response.errorCode()).isEqualTo("validation_failed");
        assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("created_at");
    }

    @Test
    void a_surrogate_pair_is_an_ordinary_character_and_kept() {
        ApiResponse created = admin.post("/clientes", "{\"nome\":\"Peça \\ud83d\\ude00\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(admin.get("/clientes/" + id).json().get("nome").asText()).isEqualTo("Peça \uD83D\uDE00");
    }

    @Test
    void the_json_image_upload_refuses_it_in_the_filename_and_in_a_field_name() {
        PedidoFixtures fixtures = new PedidoFixtures(admin);
        String path = "/pedidos/" + fixtures.pedido(fixtures.cliente("Surrogates"), fixtures.tipo("CORTE")) + "/imagens";

        ApiResponse inFilename = admin.post(path, "{\"filename\":\"a\\ud800.png\",\"data\":\"iVBORw0KGgo=\"}");
        ApiResponse inName = admin.post(path, "{\"\\ud800\":1}");

        assertThat(inFilename.errorCode()).isEqualTo("validation_failed");
        assertThat(inFilename.json().at("/error/details").findValuesAsText("field")).contains("filename");
        assertThat(inName.errorCode()).isEqualTo("bad_request");
    }
}
