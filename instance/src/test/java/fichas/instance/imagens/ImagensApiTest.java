package fichas.instance.imagens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.pedidos.PedidoFixtures;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@WithInstance
class ImagensApiTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;
    static PedidoFixtures fixtures;
    static long cliente;
    static long tipo;

    @BeforeAll
    static void start() {
        fixtures = new PedidoFixtures(admin);
        cliente = fixtures.cliente("Imagens");
        tipo = fixtures.tipo("PINTURA");
    }

    static byte[] image(String kind) {
        return switch (kind) {
            case "png" -> TinyImages.PNG;
            case "jpeg" -> TinyImages.JPEG;
            default -> TinyImages.WEBP;
        };
    }

    static ApiResponse upload(long pedido, String filename, byte[] content) {
        return admin.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(),
                TinyImages.multipart("file", filename, "application/octet-stream", content));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @ParameterizedTest
    @CsvSource({"png, image/png", "jpeg, image/jpeg", "webp, image/webp"})
    void each_accepted_type_is_stored_by_hash_and_served_back_byte_for_byte(String kind, String contentType)
            throws Exception {
        long pedido = fixtures.pedido(cliente, tipo);
        byte[] bytes = image(kind);

        ApiResponse created = upload(pedido, "peça." + kind, bytes);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("content_type").asText()).isEqualTo(contentType);
        assertThat(body.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(body.get("sha256").asText()).isEqualTo(sha256(bytes));
        assertThat(body.get("filename").asText()).isEqualTo("peça." + kind);
        String url = body.get("url").asText();
        assertThat(url).isEqualTo("/pedidos/" + pedido + "/imagens/" + body.get("id").asLong());
        assertThat(created.header("Location")).contains(url);
        assertThat(Files.readAllBytes(instance.dataDir().resolve("media").resolve(sha256(bytes)))).isEqualTo(bytes);

        ApiResponse got = admin.get(url);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.bytes()).isEqualTo(bytes);
        assertThat(got.header("Content-Type")).contains(contentType);
        assertThat(got.header("Content-Length")).contains(Integer.toString(bytes.length));
        assertThat(got.header("ETag")).contains("\"" + sha256(bytes) + "\"");
    }

    @Test
    void a_matching_if_none_match_is_answered_304_without_a_body() throws Exception {
        long pedido = fixtures.pedido(cliente, tipo);
        String url = upload(pedido, "a.png", TinyImages.PNG).json().get("url").asText();
        String etag = "\"" + sha256(TinyImages.PNG) + "\"";

        ApiResponse notModified = admin.withHeader("If-None-Match", "\"other\", " + etag).get(url);

        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.bytes()).isEmpty();
        assertThat(notModified.header("ETag")).contains(etag);
        assertThat(admin.withHeader("If-None-Match", "\"other\"").get(url).status()).isEqualTo(200);
    }

    @Test
    void a_json_upload_carries_the_image_as_base64() {
        long pedido = fixtures.pedido(cliente, tipo);

        ApiResponse created = admin.post("/pedidos/" + pedido + "/imagens",
                Map.of("filename", "foto.webp", "data", Base64.getEncoder().encodeToString(TinyImages.WEBP)));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("content_type").asText()).isEqualTo("image/webp");
        assertThat(admin.get(created.json().get("url").asText()).bytes()).isEqualTo(TinyImages.WEBP);
    }

    @Test
    void a_json_upload_with_bad_base64_or_unknown_fields_is_refused() {
        long pedido = fixtures.pedido(cliente, tipo);
        String path = "/pedidos/" + pedido + "/imagens";

        ApiResponse bad = admin.post(path, Map.of("filename", "x.png", "data", "!!!not base64!!!"));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.errorCode()).isEqualTo("validation_failed");
        assertThat(bad.json().at("/error/details/0/message").asText())
                .startsWith("must be base64: it holds a character base64 does not use").doesNotContain("unit");
        ApiResponse spaced = admin.post(path, Map.of("filename", "x.png", "data", "iVBO Rw0K"));
        assertThat(spaced.json().at("/error/details/0/message").asText()).doesNotContain("code 0x20");
        ApiResponse unknown = admin.post(path, Map.of("filename", "x.png", "cor", "azul"));
        assertThat(unknown.json().at("/error/details").findValuesAsText("field")).containsExactlyInAnyOrder("cor", "data");
        assertThat(admin.send("POST", path, "text/plain", "x".getBytes()).status()).isEqualTo(415);
    }

    @Test
    void a_text_file_named_like_an_image_is_unsupported_whatever_it_declares() {
        long pedido = fixtures.pedido(cliente, tipo);

        ApiResponse response = admin.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(),
                TinyImages.multipart("file", "foto.png", "image/png", "just some text".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.errorCode()).isEqualTo("unsupported_media_type");
        assertThat(admin.get("/pedidos/" + pedido).json().get("imagens")).isEmpty();
    }

    @Test
    void an_image_one_byte_over_5_mib_is_too_large_and_leaves_nothing_behind() throws Exception {
        long pedido = fixtures.pedido(cliente, tipo);
        byte[] tooBig = TinyImages.pngOfSize(5 * 1024 * 1024 + 1);

        ApiResponse response = upload(pedido, "big.png", tooBig);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("payload_too_large");
        assertThat(Files.exists(instance.dataDir().resolve("media").resolve(sha256(tooBig)))).isFalse();
        try (var files = Files.list(instance.dataDir().resolve("media"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
        assertThat(upload(pedido, "ok.png", TinyImages.pngOfSize(5 * 1024 * 1024)).status()).isEqualTo(201);
    }

    @Test
    void a_base64_image_over_5_mib_is_too_large_once_decoded() {
        long pedido = fixtures.pedido(cliente, tipo);
        String data = Base64.getEncoder().encodeToString(TinyImages.pngOfSize(5 * 1024 * 1024 + 1));

        ApiResponse response = admin.post("/pedidos/" + pedido + "/imagens", Map.of("filename", "b.png", "data", data));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("payload_too_large");
    }

    @Test
    void a_body_over_8_mib_is_refused_from_its_content_length() {
        long pedido = fixtures.pedido(cliente, tipo);
        ApiResponse response = admin.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(),
                new byte[8 * 1024 * 1024 + 1]);
        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void a_path_in_the_filename_is_reduced_to_its_last_segment() {
        long pedido = fixtures.pedido(cliente, tipo);

        ApiResponse created = upload(pedido, "../../etc/passwd.png", TinyImages.PNG);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("filename").asText()).isEqualTo("passwd.png");
        assertThat(upload(pedido, "..\\\\windows\\\\x.png", TinyImages.PNG).json().get("filename").asText())
                .isEqualTo("x.png");
        assertThat(Files.exists(instance.dataDir().resolve("etc"))).isFalse();
    }

    @Test
    void a_windows_path_sent_as_the_multipart_file_name_keeps_only_its_last_segment() {
        long pedido = fixtures.pedido(cliente, tipo);
        byte[] body = TinyImages.multipart("file", "C:\\fotos\\foto.jpg", "image/jpeg", TinyImages.JPEG);
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("filename=\"C:\\fotos\\foto.jpg\"");

        ApiResponse created = admin.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(), body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("filename").asText()).isEqualTo("foto.jpg");
    }

    @Test
    void a_form_without_a_file_field_or_for_a_missing_pedido_is_refused() {
        long pedido = fixtures.pedido(cliente, tipo);
        ApiResponse noFile = admin.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(),
                TinyImages.multipart("foto", "a.png", "image/png", TinyImages.PNG));
        assertThat(noFile.errorCode()).isEqualTo("validation_failed");
        assertThat(upload(999_999, "a.png", TinyImages.PNG).status()).isEqualTo(404);
        ApiResponse noBoundary = admin.send("POST", "/pedidos/" + pedido + "/imagens", "multipart/form-data",
                TinyImages.multipart("file", "a.png", "image/png", TinyImages.PNG));
        assertThat(noBoundary.errorCode()).isEqualTo("bad_request");
    }

    @Test
    void a_file_shared_by_two_rows_goes_only_with_the_last_one() throws Exception {
        long first = fixtures.pedido(cliente, tipo);
        long second = fixtures.pedido(cliente, tipo);
        // unique bytes: other tests of this class upload the plain tiny JPEG
        byte[] bytes = java.util.Arrays.copyOf(TinyImages.JPEG, TinyImages.JPEG.length + 7);
        Path file = instance.dataDir().resolve("media").resolve(sha256(bytes));
        String a = upload(first, "a.jpg", bytes).json().get("url").asText();
        String b = upload(second, "b.jpg", bytes).json().get("url").asText();

        assertThat(admin.delete(a).status()).isEqualTo(204);
        assertThat(admin.get(a).status()).isEqualTo(404);
        assertThat(file).exists();
        assertThat(admin.get(b).bytes()).isEqualTo(bytes);

        assertThat(admin.delete("/pedidos/" + second).status()).isEqualTo(204);
        assertThat(file).doesNotExist();
        assertThat(admin.delete(b).status()).isEqualTo(404);
    }

    @Test
    void the_pedido_lists_its_images_and_an_image_of_another_pedido_is_not_found() {
        long pedido = fixtures.pedido(cliente, tipo);
        long other = fixtures.pedido(cliente, tipo);
        long id = upload(pedido, "a.webp", TinyImages.WEBP).json().get("id").asLong();

        JsonNode imagens = admin.get("/pedidos/" + pedido).json().get("imagens");
        assertThat(imagens).hasSize(1);
        assertThat(imagens.get(0).get("url").asText()).isEqualTo("/pedidos/" + pedido + "/imagens/" + id);
        // API.md: every row carries created_at, updated_at and version; an image never changes
        assertThat(imagens.get(0).get("updated_at").asText()).isEqualTo(imagens.get(0).get("created_at").asText())
                .endsWith("Z");
        assertThat(imagens.get(0).get("version").asLong()).isEqualTo(1);
        assertThat(admin.get("/pedidos/" + pedido + "/export").json().at("/imagens/0/sha256").asText()).hasSize(64);
        assertThat(admin.get("/pedidos/" + other + "/imagens/" + id).status()).isEqualTo(404);
        assertThat(admin.delete("/pedidos/" + other + "/imagens/" + id).status()).isEqualTo(404);
    }
}
