package fichas.core.http;

import fichas.core.testing.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one gzip step on a real Undertow, read off a raw socket (nothing decodes or hides a header). */
class GzipHandlerTest {
    private static final byte[] BIG_JSON = ("{\"items\":[" + "\"fichas fichas fichas\",".repeat(100) + "\"end\"]}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] SMALL_JSON = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] IMAGE = new byte[5000];
    private static Undertow server;
    private static int port;

    @BeforeAll
    static void start() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(new GzipHandler(new BlockingHandler(GzipHandlerTest::answer), 1024)).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static void answer(HttpServerExchange exchange) throws IOException {
        switch (exchange.getRequestPath()) {
            case "/big" -> send(exchange, "application/json", BIG_JSON);
            case "/small" -> send(exchange, "application/json", SMALL_JSON);
            case "/image" -> send(exchange, "image/png", IMAGE);
            case "/streamed" -> {
                // no Content-Length: the size is unknown when the response starts
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                try (OutputStream out = exchange.getOutputStream()) {
                    out.write(BIG_JSON);
                }
            }
            case "/events" -> {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
                try (OutputStream out = exchange.getOutputStream()) {
                    out.write(BIG_JSON);
                }
            }
            case "/no-content" -> {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                exchange.setStatusCode(204);
            }
            default -> exchange.setStatusCode(404);
        }
    }

    private static void send(HttpServerExchange exchange, String type, byte[] body) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private static RawHttp.Response get(String path, String... headers) {
        try (RawHttp connection = new RawHttp(port)) {
            return connection.send("GET", path, headers);
        }
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @ValueSource(strings = {"gzip", "GZIP", "br, GZIP", "*", "x-gzip", "deflate, gzip;q=0.5", "identity;q=0.5, gzip"})
    void aLargeJsonAnswerIsGzippedWhenTheHeaderAcceptsGzip(String acceptEncoding) throws IOException {
        RawHttp.Response r = get("/big", "Accept-Encoding", acceptEncoding);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(gunzip(r.body())).isEqualTo(BIG_JSON);
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @ValueSource(strings = {"br", "gzip;q=0", "GZIP;Q=0.0", "*;q=0, identity", "*, gzip;q=0", "gzip;q=0.5, identity",
            "gzip;q=abc", ""})
    void aLargeJsonAnswerIsSentAsItIsWhenGzipIsNotAcceptableOrNotPreferred(String acceptEncoding) {
        RawHttp.Response r = get("/big", "Accept-Encoding", acceptEncoding);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).doesNotContainKey("content-encoding");
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.body()).isEqualTo(BIG_JSON);
    }

    @Test
    void withoutAcceptEncodingNothingIsCompressedButTheAnswerStillVaries() {
        RawHttp.Response r = get("/big");

        assertThat(r.headers()).doesNotContainKey("content-encoding");
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.body()).isEqualTo(BIG_JSON);
    }

    @Test
    void aSmallAnswerIsNotWorthCompressingUnlessTheClientRefusesIdentity() throws IOException {
        RawHttp.Response plain = get("/small", "Accept-Encoding", "gzip");
        RawHttp.Response identityRefused = get("/small", "Accept-Encoding", "gzip, identity;q=0");

        assertThat(plain.headers()).doesNotContainKey("content-encoding");
        assertThat(plain.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(plain.body()).isEqualTo(SMALL_JSON);
        assertThat(identityRefused.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(identityRefused.body())).isEqualTo(SMALL_JSON);
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @ValueSource(strings = {"identity;q=0", "*;q=0", "br, identity;q=0"})
    void whenNothingAcceptableIsLeftTheBytesGoAsTheyAreNever406(String acceptEncoding) {
        RawHttp.Response r = get("/big", "Accept-Encoding", acceptEncoding);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).doesNotContainKey("content-encoding");
        assertThat(r.body()).isEqualTo(BIG_JSON);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/image", "/events"})
    void imagesAndEventStreamsAreNeverCompressedNorVary(String path) {
        RawHttp.Response r = get(path, "Accept-Encoding", "*");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).doesNotContainKeys("content-encoding", "vary");
        assertThat(r.body()).hasSize(path.equals("/image") ? IMAGE.length : BIG_JSON.length);
    }

    @Test
    void contentEncodingIdentityIsNeverSent() {
        for (String path : new String[]{"/big", "/small", "/image", "/streamed", "/no-content"}) {
            for (String header : new String[]{"*", "identity", "identity, *;q=0", "gzip;q=0, *"}) {
                assertThat(get(path, "Accept-Encoding", header).headers()).as(path + " " + header)
                        .doesNotContainEntry("content-encoding", "identity");
            }
        }
    }

    @Test
    void aStreamedTextAnswerOfUnknownSizeIsGzipped() throws IOException {
        RawHttp.Response r = get("/streamed", "Accept-Encoding", "gzip");

        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(r.body())).isEqualTo(BIG_JSON);
    }

    @Test
    void aVaryAlreadySetKeepsItsValueAndGainsAcceptEncodingOnce() {
        Undertow other = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(new GzipHandler(exchange -> {
            exchange.getResponseHeaders().put(Headers.VARY, "Origin");
            send(exchange, "application/json", SMALL_JSON);
        }, 1024)).build();
        other.start();
        try (RawHttp connection = new RawHttp(((InetSocketAddress) other.getListenerInfo().get(0).getAddress()).getPort())) {
            assertThat(connection.send("GET", "/", "Accept-Encoding", "gzip").header("Vary"))
                    .isEqualTo("Origin, Accept-Encoding");
        } finally {
            other.stop();
        }
    }

    @ParameterizedTest(name = "{0} with Accept-Encoding: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"/big, gzip", "/big, br", "/streamed, gzip", "/small, gzip",
            "/image, gzip"})
    void headCarriesTheGetsHeadersCompressionAndLengthIncludedWithoutABody(String path, String acceptEncoding) {
        try (RawHttp connection = new RawHttp(port)) {
            RawHttp.Response get = connection.send("GET", path, "Accept-Encoding", acceptEncoding);
            RawHttp.Response head = connection.send("HEAD", path, "Accept-Encoding", acceptEncoding);
            RawHttp.Response next = connection.send("GET", "/small");

            assertThat(head.status()).isEqualTo(get.status());
            assertThat(head.representationHeaders()).isEqualTo(get.representationHeaders());
            assertThat(head.headers()).containsAnyOf(java.util.Map.entry("content-length",
                    get.headers().getOrDefault("content-length", "-")), java.util.Map.entry("transfer-encoding", "chunked"));
            assertThat(next.body()).as("no body bytes of the HEAD before the next answer").isEqualTo(SMALL_JSON);
        }
    }
}
