package fichas.instance.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.imagens.TinyImages;
import fichas.instance.pedidos.PedidoFixtures;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@WithInstance
class IdempotencyApiTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;
    static PedidoFixtures fixtures;

    @BeforeAll
    static void start() {
        fixtures = new PedidoFixtures(admin);
    }

    static ApiClient keyed(ApiClient client, String key) {
        return client.withHeader("Idempotency-Key", key);
    }

    static long clientesNamed(String nome) {
        return admin.get("/clientes?q=" + nome).json().get("total").asLong();
    }

    @Test
    void a_repeat_returns_the_first_answer_and_creates_nothing() {
        String nome = "Repete" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient client = keyed(admin, "k-" + nome);

        ApiResponse first = client.post("/clientes", Map.of("nome", nome, "email", "a@b.com"));
        ApiResponse again = client.send("POST", "/clientes", "application/json",
                ("{ \"email\": \"a@b.com\",\n \"nome\": \"" + nome + "\" }").getBytes(StandardCharsets.UTF_8));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotency-Replayed")).contains("true");
        assertThat(clientesNamed(nome)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/producoes/tipos", "/users", "/pedidos"})
    void every_create_route_replays_its_first_answer_byte_for_byte(String path) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = switch (path) {
            case "/producoes/tipos" -> Map.of("codigo", "T" + suffix.toUpperCase(), "nome", "Tipo " + suffix);
            case "/users" -> Map.of("username", "u" + suffix, "password", "password-" + suffix, "role", "operador");
            default -> fixtures.body(fixtures.cliente("Replay " + suffix), fixtures.tipo("CORTE"));
        };
        ApiClient client = keyed(admin, "k-" + suffix);

        ApiResponse first = client.post(path, body);
        ApiResponse again = client.post(path, body);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotency-Replayed")).contains("true");
    }

    @Test
    void the_same_key_with_another_body_is_a_conflict() {
        ApiClient client = keyed(admin, "k-" + UUID.randomUUID());
        assertThat(client.post("/clientes", Map.of("nome", "Primeiro")).status()).isEqualTo(201);

        ApiResponse other = client.post("/clientes", Map.of("nome", "Segundo"));

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.errorCode()).isEqualTo("conflict");
    }

    @Test
    void a_key_is_scoped_to_the_user_and_the_route() {
        String key = "k-" + UUID.randomUUID();
        assertThat(admin.post("/users", Map.of("username", "scoped", "password", "scoped-pass", "role", "operador"))
                .status()).isEqualTo(201);
        ApiClient operador = instance.client().login("scoped", "scoped-pass");
        long cliente = fixtures.cliente("Escopo");

        ApiResponse asAdmin = keyed(admin, key).post("/clientes", Map.of("nome", "Escopo A"));
        ApiResponse asOperador = keyed(operador, key).post("/clientes", Map.of("nome", "Escopo B"));
        ApiResponse onPedidos = keyed(admin, key).post("/pedidos", fixtures.body(cliente, fixtures.tipo("CORTE")));

        assertThat(List.of(asAdmin.status(), asOperador.status(), onPedidos.status())).containsOnly(201);
        assertThat(asOperador.json().get("id")).isNotEqualTo(asAdmin.json().get("id"));
    }

    @Test
    void a_4xx_answer_is_stored_and_given_again() {
        ApiClient client = keyed(admin, "k-" + UUID.randomUUID());
        ApiResponse first = client.post("/pedidos", Map.of("descricao", "sem cliente"));

        ApiResponse again = client.post("/pedidos", Map.of("descricao", "sem cliente"));

        assertThat(first.status()).isEqualTo(400);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(again.header("Idempotency-Replayed")).contains("true");
    }

    @Test
    void a_key_longer_than_100_characters_is_a_bad_request() {
        ApiResponse response = keyed(admin, "k".repeat(101)).post("/clientes", Map.of("nome", "Longa"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("bad_request");
        assertThat(keyed(admin, "k".repeat(100)).post("/clientes", Map.of("nome", "Longa")).status()).isEqualTo(201);
    }

    @Test
    void an_upload_is_compared_by_its_bytes() {
        long pedido = fixtures.pedido(fixtures.cliente("Upload"), fixtures.tipo("CORTE"));
        ApiClient client = keyed(admin, "k-" + UUID.randomUUID());
        String path = "/pedidos/" + pedido + "/imagens";
        byte[] form = TinyImages.multipart("file", "a.png", "image/png", TinyImages.PNG);

        ApiResponse first = client.send("POST", path, TinyImages.multipartType(), form);
        ApiResponse again = client.send("POST", path, TinyImages.multipartType(), form);
        ApiResponse other = client.send("POST", path, TinyImages.multipartType(),
                TinyImages.multipart("file", "b.png", "image/png", TinyImages.PNG));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(other.status()).isEqualTo(409);
        assertThat(admin.get("/pedidos/" + pedido).json().get("imagens")).hasSize(1);
    }

    @Test
    void a_multipart_upload_retried_with_a_new_boundary_is_the_same_upload() {
        long pedido = fixtures.pedido(fixtures.cliente("Upload retry"), fixtures.tipo("CORTE"));
        ApiClient client = keyed(admin, "k-" + UUID.randomUUID());
        String path = "/pedidos/" + pedido + "/imagens";
        byte[] form = TinyImages.multipart("file", "a.png", "image/png", TinyImages.PNG);
        String otherBoundary = "curl-picked-another-" + UUID.randomUUID();
        byte[] sameFormNewBoundary = new String(form, StandardCharsets.ISO_8859_1)
                .replace(TinyImages.BOUNDARY, otherBoundary).getBytes(StandardCharsets.ISO_8859_1);
        String newType = "multipart/form-data; boundary=\"" + otherBoundary + "\"";

        ApiResponse first = client.send("POST", path, TinyImages.multipartType(), form);
        ApiResponse retry = client.send("POST", path, newType, sameFormNewBoundary);
        byte[] otherBytes = new String(TinyImages.multipart("file", "a.png", "image/png", TinyImages.JPEG),
                StandardCharsets.ISO_8859_1).replace(TinyImages.BOUNDARY, otherBoundary)
                .getBytes(StandardCharsets.ISO_8859_1);
        ApiResponse otherFile = client.send("POST", path, newType, otherBytes);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.header("Idempotency-Replayed")).contains("true");
        assertThat(retry.bytes()).isEqualTo(first.bytes());
        assertThat(otherFile.errorCode()).isEqualTo("conflict");
        assertThat(admin.get("/pedidos/" + pedido).json().get("imagens")).hasSize(1);
    }

    @Test
    void simultaneous_requests_with_one_key_create_one_row_and_all_get_its_answer() throws Exception {
        String nome = "Simultaneo" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient client = keyed(admin, "k-" + nome);
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<ApiResponse>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return client.post("/clientes", Map.of("nome", nome));
            }));
        }
        go.countDown();
        List<String> bodies = new ArrayList<>();
        for (Future<ApiResponse> answer : answers) {
            ApiResponse response = answer.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            bodies.add(response.text());
        }
        pool.shutdown();

        assertThat(bodies).containsOnly(bodies.get(0));
        assertThat(clientesNamed(nome)).isEqualTo(1);
    }

    @Test
    void simultaneous_uploads_with_one_key_store_one_image() throws Exception {
        long pedido = fixtures.pedido(fixtures.cliente("Uploads simultaneos"), fixtures.tipo("CORTE"));
        ApiClient client = keyed(admin, "k-" + UUID.randomUUID());
        byte[] form = TinyImages.multipart("file", "grande.png", "image/png", TinyImages.pngOfSize(2 * 1024 * 1024));
        int threads = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<ApiResponse>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return client.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(), form);
            }));
        }
        go.countDown();
        List<String> bodies = new ArrayList<>();
        for (Future<ApiResponse> answer : answers) {
            ApiResponse response = answer.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            bodies.add(response.text());
        }
        pool.shutdown();

        assertThat(bodies).containsOnly(bodies.get(0));
        assertThat(admin.get("/pedidos/" + pedido).json().get("imagens")).hasSize(1);
    }

    @Test
    void an_expired_key_is_swept_and_may_then_be_used_again() throws Exception {
        String key = "k-" + UUID.randomUUID();
        ApiClient client = keyed(admin, key);
        long first = client.post("/clientes", Map.of("nome", "Expira")).json().get("id").asLong();
        try (Connection c = instance.connectToDatabase()) {
            c.createStatement().executeUpdate("UPDATE idempotency_keys SET expires_at = '2000-01-01T00:00:00Z' "
                    + "WHERE idem_key = '" + key + "'");
        }

        new Idempotency(instance.server().database(), Clock.systemUTC()).sweeper().run();

        try (Connection c = instance.connectToDatabase();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '" + key + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        ApiResponse reused = client.post("/clientes", Map.of("nome", "Expira outra vez"));
        assertThat(reused.status()).isEqualTo(201);
        assertThat(reused.json().get("id").asLong()).isNotEqualTo(first);
    }

    @Test
    void routes_that_create_nothing_ignore_the_header() {
        ApiClient client = keyed(admin, "k-" + UUID.randomUUID());
        assertThat(client.get("/clientes").status()).isEqualTo(200);
        assertThat(client.get("/clientes").status()).isEqualTo(200);
    }
}
