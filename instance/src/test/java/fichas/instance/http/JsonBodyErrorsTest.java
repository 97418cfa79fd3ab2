package fichas.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.pedidos.PedidoFixtures;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A JSON body the parser refuses is a 400 whose message says what is wrong in plain words, never Jackson's text. */
@WithInstance
class JsonBodyErrorsTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "{\"nome\":                  | the JSON body ends before its value is complete at line 1, column 9",
            "{\"nome\" \"a\"}             | malformed JSON at line 1, column 9",
            "{\"nome\":tru}              | malformed JSON at line 1, column 9",
            "{\"nome\":\"a\"} {}         | the JSON body has more content after its value at line 1, column 14",
            "{\"nome\":NaN}              | malformed JSON at line 1, column 12",
    })
    void a_malformed_body_is_described_by_what_is_wrong_and_where(String body, String message) {
        ApiResponse response = admin.post("/clientes", body.strip());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("bad_request");
        assertThat(response.json().at("/error/message").asText()).isEqualTo(message);
    }

    @Test
    void a_duplicate_key_is_named_with_its_place() {
        ApiResponse response = admin.post("/clientes", "{\"nome\":\"a\",\n\"nome\":\"b\"}");

        assertThat(response.errorCode()).isEqualTo("bad_request");
        assertThat(response.json().at("/error/message").asText()).isEqualTo("duplicate field 'nome' at line 2, column 7");
    }

    @Test
    void a_body_nested_too_deep_names_the_limit_not_the_parser_setting() {
        ApiResponse response = admin.post("/clientes",
                "{\"nome\":" + "[".repeat(1001) + "]".repeat(1001) + "}");

        assertThat(response.errorCode()).isEqualTo("bad_request");
        assertThat(response.json().at("/error/message").asText()).isEqualTo("JSON nested deeper than 1000 levels");
    }

    @Test
    void a_number_too_long_names_the_limit_not_the_parser_setting() {
        ApiResponse response = admin.post("/clientes", "{\"nome\":" + "1".repeat(1001) + "}");

        assertThat(response.errorCode()).isEqualTo("bad_request");
        assertThat(response.json().at("/error/message").asText())
                .isEqualTo("a JSON number longer than 1000 characters");
    }

    @Test
    void no_parser_error_names_a_java_class_or_method() {
        String[] bodies = {"{\"nome\":\"a\"} []", "{\"nome\":", "{\"nome\":" + "[".repeat(1001), "{\"a\":1,\"a\":2}",
                "{\"nome\":" + "9".repeat(2000) + "}", "{\"" + "k".repeat(50_001) + "\":1}", "{'nome':1}"};
        for (String body : bodies) {
            String message = admin.post("/clientes", body).json().at("/error/message").asText();

            assertThat(message).as(body.length() > 60 ? body.substring(0, 60) : body).isNotBlank()
                    .doesNotContainIgnoringCase("jackson").doesNotContain("com.", "`", "()", "bound as", "Feature");
        }
    }

    @Test
    void the_json_image_upload_describes_its_errors_the_same_way() {
        PedidoFixtures fixtures = new PedidoFixtures(admin);
        String path = "/pedidos/" + fixtures.pedido(fixtures.cliente("Erros JSON"), fixtures.tipo("CORTE")) + "/imagens";

        ApiResponse malformed = admin.post(path, "{\"data\":");
        ApiResponse unpadded = admin.post(path, "{\"data\":\"iVBORw0KGgo\"}");

        assertThat(malformed.json().at("/error/message").asText())
                .isEqualTo("the JSON body ends before its value is complete at line 1, column 9");
        assertThat(unpadded.errorCode()).isEqualTo("validation_failed");
        assertThat(unpadded.json().at("/error/details/0/field").asText()).isEqualTo("data");
        assertThat(unpadded.json().at("/error/message").asText()).doesNotContain("Base64Variant", "MIME");
    }
}
