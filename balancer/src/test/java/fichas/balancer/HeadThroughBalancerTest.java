package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.core.http.Access;
import fichas.core.http.ErrorHandler;
import fichas.core.http.ErrorTranslator;
import fichas.core.http.GzipHandler;
import fichas.core.http.Route;
import fichas.core.http.Router;
import fichas.core.testing.RawHttp;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HEAD through the balancer to a backend built as an instance is (core gzip → errors → router): the client gets the
 * backend's status and headers, length and coding included, no body, at once, and its connection serves the next
 * request. Read off a raw socket, so a body byte too many or a wait for a body that never comes fails the test.
 */
class HeadThroughBalancerTest {
    private static final byte[] BIG_JSON = ("{\"items\":[" + "\"cliente cliente\",".repeat(120) + "\"fim\"]}")
            .getBytes(StandardCharsets.UTF_8);
    private static Undertow backend;
    private static Fixture f;

    @BeforeAll
    static void start() {
        List<Route> routes = List.of(
                new Route(Methods.GET, "/health", Access.PUBLIC, (exchange, path, caller) ->
                        json(exchange, "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8))),
                new Route(Methods.GET, "/clientes", Access.PUBLIC, (exchange, path, caller) -> json(exchange, BIG_JSON)),
                new Route(Methods.GET, "/report", Access.PUBLIC, HeadThroughBalancerTest::streamedText),
                new Route(Methods.GET, "/events", Access.PUBLIC, HeadThroughBalancerTest::eventStream));
        backend = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(new GzipHandler(new BlockingHandler(
                new ErrorHandler(new Router(routes, (token, exchange) -> Optional.empty(), exchange -> false),
                        ErrorTranslator.NONE, false)), 1024)).build();
        backend.start();
        int port = ((InetSocketAddress) backend.getListenerInfo().get(0).getAddress()).getPort();
        f = new Fixture(0, Fixture.testConfig().build(), List.of(new Backend("r0", "127.0.0.1", port)));
    }

    @AfterAll
    static void stop() {
        f.close();
        backend.stop();
    }

    private static void json(HttpServerExchange exchange, byte[] body) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** Written without a Content-Length: chunked from the backend. */
    private static void streamedText(HttpServerExchange exchange, java.util.Map<String, String> path, Object caller)
            throws IOException {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        try (OutputStream out = exchange.getOutputStream()) {
            out.write(BIG_JSON);
        }
    }

    /** As the instance's {@code GET /events}: a HEAD gets the stream's headers, chunked, and ends at once. */
    private static void eventStream(HttpServerExchange exchange, java.util.Map<String, String> path, Object caller)
            throws IOException {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
        if (exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.getResponseHeaders().put(Headers.TRANSFER_ENCODING, "chunked");
            exchange.endExchange();
            return;
        }
        try (OutputStream out = exchange.getOutputStream()) {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static RawHttp connect() {
        return new RawHttp(f.balancer.port());
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @ValueSource(strings = {"gzip", "identity"})
    void headOfAJsonAnswerCarriesTheGetsLengthAndCodingWithoutABody(String acceptEncoding) {
        try (RawHttp connection = connect()) {
            RawHttp.Response get = connection.send("GET", "/clientes", "Accept-Encoding", acceptEncoding);
            RawHttp.Response head = connection.send("HEAD", "/clientes", "Accept-Encoding", acceptEncoding);
            RawHttp.Response next = connection.send("GET", "/health");

            assertThat(get.status()).isEqualTo(200);
            assertThat(head.status()).isEqualTo(200);
            for (String name : new String[]{"Content-Type", "Content-Encoding", "Vary", "X-Instance"}) {
                assertThat(head.header(name)).as(name).isEqualTo(get.header(name));
            }
            assertThat(head.header("Content-Encoding")).isEqualTo(acceptEncoding.equals("gzip") ? "gzip" : null);
            assertThat(head.header("Vary")).isEqualTo("Accept-Encoding");
            assertLengthIsTheGetsOrChunked(head, get);
            assertThat(next.status()).as("no body bytes of the HEAD before this answer").isEqualTo(200);
        }
    }

    @Test
    void headOfAChunkedAnswerEndsAtOnceAndTheConnectionGoesOn() {
        try (RawHttp connection = connect()) {
            RawHttp.Response head = connection.send("HEAD", "/report", "Accept-Encoding", "gzip");
            RawHttp.Response next = connection.send("GET", "/health");

            RawHttp.Response get = connection.send("GET", "/report", "Accept-Encoding", "gzip");

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
            assertLengthIsTheGetsOrChunked(head, get);
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void headOfTheEventStreamAnswersItsHeadersAndEndsAtOnce() {
        try (RawHttp connection = connect()) {
            RawHttp.Response head = connection.send("HEAD", "/events");
            RawHttp.Response next = connection.send("GET", "/health");

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("text/event-stream");
            assertThat(head.headers()).as("a stream has no length").doesNotContainKey("content-length");
            assertThat(next.status()).isEqualTo(200);
        }
    }

    /**
     * RFC 9110 §8.6: a HEAD may carry Content-Length only with the GET's value. When the backend chunks its answer
     * the balancer cannot know it (it learns the GET's length by buffering the body), so it says chunked.
     */
    private static void assertLengthIsTheGetsOrChunked(RawHttp.Response head, RawHttp.Response get) {
        if (head.header("Content-Length") != null) {
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(get.body().length));
        } else {
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
        }
    }
}
