package fichas.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.imagens.TinyImages;
import fichas.instance.pedidos.PedidoFixtures;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import fichas.core.testing.RawHttp;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 9110 §9.3.2 on a real instance, read off a raw socket: HEAD answers the GET's status and headers with no
 * body, wherever GET is routed, and the connection serves the next request. The event stream answers its headers
 * and opens no subscription; the WebSocket route refuses HEAD.
 */
@WithInstance
class HeadRequestsTest {
    static RunningInstance instance;
    static String token;
    static ApiClient admin;

    @BeforeAll
    static void login() {
        token = instance.client().post("/auth/login", Map.of("username", "admin",
                "password", RunningInstance.ADMIN_PASSWORD)).json().get("token").asText();
        admin = instance.client().withToken(token);
        for (int i = 0; i < 12; i++) {
            admin.post("/clientes", Map.of("nome", "Cliente de nome longo o bastante para passar de 1 KiB " + i));
        }
    }

    private static RawHttp connect() {
        return new RawHttp(instance.port());
    }

    @Test
    void head_of_health_is_a_200_with_the_gets_headers_and_no_body() {
        try (RawHttp connection = connect()) {
            RawHttp.Response get = connection.send("GET", "/health");
            RawHttp.Response head = connection.send("HEAD", "/health");
            RawHttp.Response next = connection.send("GET", "/health");

            assertThat(head.status()).isEqualTo(200);
            // uptime_s grows between the two answers, so their lengths may differ by a digit
            Map<String, String> expected = new java.util.LinkedHashMap<>(get.representationHeaders());
            expected.remove("content-length");
            Map<String, String> actual = new java.util.LinkedHashMap<>(head.representationHeaders());
            assertThat(actual.remove("content-length")).isNotNull();
            assertThat(actual).isEqualTo(expected);
            assertThat(next.status()).as("no body bytes of the HEAD before this answer").isEqualTo(200);
        }
    }

    @Test
    void head_of_openapi_json_matches_the_get_compressed_or_not() {
        for (String acceptEncoding : new String[]{"identity", "gzip"}) {
            try (RawHttp connection = connect()) {
                RawHttp.Response get = connection.send("GET", "/openapi.json", "Accept-Encoding", acceptEncoding);
                RawHttp.Response head = connection.send("HEAD", "/openapi.json", "Accept-Encoding", acceptEncoding);
                RawHttp.Response next = connection.send("GET", "/health");

                assertThat(head.status()).isEqualTo(200);
                assertThat(head.representationHeaders()).as(acceptEncoding).isEqualTo(get.representationHeaders());
                assertThat(head.header("Vary")).isEqualTo("Accept-Encoding");
                assertThat(next.status()).isEqualTo(200);
            }
        }
        try (RawHttp connection = connect()) {
            assertThat(connection.send("HEAD", "/openapi.json", "Accept-Encoding", "gzip").header("Content-Encoding"))
                    .isEqualTo("gzip");
        }
    }

    @Test
    void head_of_a_list_needs_the_token_like_the_get_and_then_matches_it() {
        try (RawHttp connection = connect()) {
            RawHttp.Response anonymous = connection.send("HEAD", "/clientes");
            RawHttp.Response get = connection.send("GET", "/clientes", "Authorization", "Bearer " + token,
                    "Accept-Encoding", "gzip");
            RawHttp.Response head = connection.send("HEAD", "/clientes", "Authorization", "Bearer " + token,
                    "Accept-Encoding", "gzip");
            RawHttp.Response next = connection.send("GET", "/health");

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.representationHeaders()).isEqualTo(get.representationHeaders());
            assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(head.header("Cache-Control")).isEqualTo("no-store");
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void head_of_an_image_answers_its_type_length_and_etag_and_304_on_a_match() {
        PedidoFixtures fixtures = new PedidoFixtures(admin);
        long pedido = fixtures.pedido(fixtures.cliente("Cabeça"), fixtures.tipo("PINTURA"));
        ApiResponse created = admin.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(),
                TinyImages.multipart("file", "a.png", "image/png", TinyImages.PNG));
        String url = created.json().get("url").asText();
        try (RawHttp connection = connect()) {
            RawHttp.Response get = connection.send("GET", url, "Authorization", "Bearer " + token,
                    "Accept-Encoding", "gzip");
            RawHttp.Response head = connection.send("HEAD", url, "Authorization", "Bearer " + token,
                    "Accept-Encoding", "gzip");
            RawHttp.Response notModified = connection.send("HEAD", url, "Authorization", "Bearer " + token,
                    "If-None-Match", get.header("ETag"));
            RawHttp.Response next = connection.send("GET", "/health");

            assertThat(get.body()).isEqualTo(TinyImages.PNG);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.representationHeaders()).isEqualTo(get.representationHeaders());
            assertThat(head.header("Content-Type")).isEqualTo("image/png");
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(TinyImages.PNG.length));
            assertThat(head.headers()).doesNotContainKey("content-encoding");
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void head_of_events_answers_the_streams_headers_at_once_and_opens_no_subscription() {
        try (RawHttp connection = connect()) {
            RawHttp.Response anonymous = connection.send("HEAD", "/events");
            RawHttp.Response head = connection.send("HEAD", "/events", "Authorization", "Bearer " + token);
            RawHttp.Response viaQuery = connection.send("HEAD", "/events?access_token=" + token);
            RawHttp.Response next = connection.send("GET", "/health");

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("text/event-stream");
            assertThat(head.header("Cache-Control")).isEqualTo("no-cache, no-store");
            assertThat(head.header("Transfer-Encoding")).as("as the GET: no Content-Length").isEqualTo("chunked");
            assertThat(head.headers()).doesNotContainKeys("content-length", "content-encoding");
            assertThat(viaQuery.status()).isEqualTo(200);
            assertThat(next.status()).as("the HEAD ended: the connection serves the next request").isEqualTo(200);
            assertThat(instance.server().events().subscriberCount()).isZero();
        }
    }

    @Test
    void head_of_the_websocket_route_is_405_with_allow_naming_get() {
        try (RawHttp connection = connect()) {
            RawHttp.Response head = connection.send("HEAD", "/events/ws", "Authorization", "Bearer " + token);
            RawHttp.Response options = connection.send("OPTIONS", "/events/ws");

            assertThat(head.status()).isEqualTo(405);
            assertThat(head.header("Allow")).isEqualTo("GET, OPTIONS");
            assertThat(options.header("Allow")).isEqualTo("GET, OPTIONS");
        }
    }

    @Test
    void allow_lists_head_wherever_get_is_routed() {
        assertThat(instance.client().send("OPTIONS", "/clientes", null, null).header("Allow"))
                .contains("GET, HEAD, POST, OPTIONS");
        assertThat(instance.client().send("OPTIONS", "/clientes/1", null, null).header("Allow").orElseThrow())
                .startsWith("GET, HEAD, ").endsWith(", OPTIONS");
        ApiResponse wrong = instance.client().send("PATCH", "/health", null, null);
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.header("Allow")).contains("GET, HEAD, OPTIONS");
        assertThat(instance.client().send("OPTIONS", "/auth/login", null, null).header("Allow"))
                .contains("POST, OPTIONS");
    }
}
