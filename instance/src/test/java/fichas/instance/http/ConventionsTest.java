package fichas.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@WithInstance(env = "FICHAS_INSTANCE_ID=8001")
class ConventionsTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;

    @Test
    void every_response_carries_a_request_id_and_the_instance() {
        ApiResponse ok = instance.client().get("/health");
        ApiResponse error = instance.client().get("/nowhere");

        assertThat(ok.header("X-Instance")).contains("8001");
        assertThat(error.header("X-Instance")).contains("8001");
        assertThat(ok.header("X-Request-Id").orElseThrow()).isNotBlank();
        assertThat(error.json().at("/error/request_id").asText()).isEqualTo(error.header("X-Request-Id").orElseThrow());
    }

    @Test
    void a_valid_client_request_id_is_echoed_and_an_invalid_one_replaced() {
        assertThat(instance.client().withHeader("X-Request-Id", "pc-07:abc.1_2").get("/health").header("X-Request-Id"))
                .contains("pc-07:abc.1_2");
        String replaced = instance.client().withHeader("X-Request-Id", "bad id!").get("/health")
                .header("X-Request-Id").orElseThrow();
        assertThat(replaced).isNotEqualTo("bad id!").matches("[A-Za-z0-9._:-]{1,128}");
        assertThat(instance.client().withHeader("X-Request-Id", "x".repeat(129)).get("/health").header("X-Request-Id")
                .orElseThrow()).hasSizeLessThanOrEqualTo(128);
    }

    @Test
    void health_is_public_cheap_and_not_cacheable() {
        ApiResponse health = instance.client().get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("db").asText()).isEqualTo("UP");
        assertThat(health.json().get("instance").asText()).isEqualTo("8001");
        assertThat(health.json().get("uptime_s").isNumber()).isTrue();
        assertThat(health.header("Cache-Control")).contains("no-store");
    }

    @Test
    void json_above_one_kib_is_gzipped_when_asked_and_small_json_is_not() throws Exception {
        for (int i = 0; i < 12; i++) {
            admin.post("/clientes", Map.of("nome", "Cliente com nome longo para encher a página " + i));
        }
        ApiResponse big = admin.withHeader("Accept-Encoding", "gzip").get("/clientes");
        ApiResponse small = admin.withHeader("Accept-Encoding", "gzip").get("/health");
        ApiResponse notAsked = admin.get("/clientes");

        assertThat(big.header("Content-Encoding")).contains("gzip");
        String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(big.bytes())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(unzipped).startsWith("{\"items\":[");
        assertThat(small.header("Content-Encoding")).isEmpty();
        assertThat(notAsked.header("Content-Encoding")).isEmpty();
        assertThat(notAsked.bytes().length).isGreaterThan(1024);
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @ValueSource(strings = {"GZIP", "br, GZIP", "*", "deflate, gzip;q=0.5", "Gzip ; Q=1"})
    void coding_names_are_case_insensitive_and_a_star_accepts_gzip(String acceptEncoding) throws Exception {
        fillTheFirstPage();
        ApiResponse big = admin.withHeader("Accept-Encoding", acceptEncoding).get("/clientes");

        assertThat(big.header("Content-Encoding")).contains("gzip");
        assertThat(big.header("Vary")).contains("Accept-Encoding");
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(big.bytes())).readAllBytes(),
                StandardCharsets.UTF_8)).startsWith("{\"items\":[");
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @ValueSource(strings = {"gzip;q=0", "br", "*;q=0, identity", "*, gzip;q=0", "gzip;q=0.5, identity", "identity"})
    void gzip_refused_or_not_preferred_leaves_the_json_as_it_is_and_never_says_identity(String acceptEncoding) {
        fillTheFirstPage();
        ApiResponse big = admin.withHeader("Accept-Encoding", acceptEncoding).get("/clientes");

        assertThat(big.status()).isEqualTo(200);
        assertThat(big.header("Content-Encoding")).isEmpty();
        assertThat(big.header("Vary")).contains("Accept-Encoding");
        assertThat(big.text()).startsWith("{\"items\":[");
    }

    @Test
    void every_json_answer_varies_on_accept_encoding_compressed_or_not() {
        assertThat(instance.client().get("/health").header("Vary")).contains("Accept-Encoding");
        assertThat(instance.client().withHeader("Accept-Encoding", "gzip").get("/health").header("Vary"))
                .contains("Accept-Encoding");
        assertThat(instance.client().get("/nowhere").header("Vary")).as("an error is JSON too").contains("Accept-Encoding");
    }

    @Test
    void a_client_that_refuses_identity_gets_even_a_small_json_gzipped() throws Exception {
        ApiResponse small = instance.client().withHeader("Accept-Encoding", "gzip, identity;q=0").get("/health");

        assertThat(small.status()).isEqualTo(200);
        assertThat(small.header("Content-Encoding")).contains("gzip");
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(small.bytes())).readAllBytes(),
                StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
    }

    private static void fillTheFirstPage() {
        if (admin.get("/clientes").bytes().length <= 1024) {
            for (int i = 0; i < 12; i++) {
                admin.post("/clientes", Map.of("nome", "Cliente com nome longo para encher a página " + i));
            }
        }
    }

    @Test
    void unknown_routes_are_404_and_wrong_methods_405_with_allow_even_without_a_token() {
        ApiResponse missing = instance.client().get("/nada/aqui");
        ApiResponse wrongMethod = instance.client().send("PATCH", "/clientes", null, null);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow").orElseThrow()).contains("GET", "POST", "OPTIONS");
    }

    @Test
    void options_answers_allow_without_a_token() {
        ApiResponse options = instance.client().send("OPTIONS", "/clientes/1", null, null);

        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Allow").orElseThrow()).contains("GET", "PUT", "DELETE", "OPTIONS");
    }

    @Test
    void errors_are_json_never_html() {
        ApiResponse error = instance.client().send("POST", "/auth/login", "application/json", "{oops".getBytes());

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(error.errorCode()).isEqualTo("bad_request");
        assertThat(error.text()).doesNotContain("Exception").doesNotContain("<html");
    }
}
