package fichas.core.http;

import fichas.core.testing.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 9110 §9.3.2 on the one router: HEAD is a GET without the body, wherever GET is routed. */
class RouterHeadTest {
    private static final byte[] THINGS = "{\"items\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
    private final AtomicInteger upgrades = new AtomicInteger();
    private Undertow server;
    private int port;

    @BeforeEach
    void start() {
        Route.Handler things = (exchange, path, caller) -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseHeaders().put(new HttpString("X-Thing"), "yes");
            exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(THINGS));
        };
        List<Route> routes = List.of(
                new Route(Methods.GET, "/things", Access.PUBLIC, things),
                new Route(Methods.POST, "/things", Access.PUBLIC, (exchange, path, caller) -> exchange.setStatusCode(201)),
                new Route(Methods.GET, "/mine", Access.USER, things),
                new Route(Methods.GET, "/upgrade", Access.PUBLIC, (exchange, path, caller) -> upgrades.incrementAndGet())
                        .withoutHead(),
                new Route(Methods.POST, "/only-post", Access.PUBLIC, (exchange, path, caller) -> { }));
        Authenticator tokens = (token, exchange) -> token.equals("good")
                ? Optional.of(new Principal(1, "ana", Role.OPERADOR)) : Optional.empty();
        server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(RequestIdHandler.answering("t1", new BlockingHandler(new ErrorHandler(
                        new Router(routes, tokens, exchange -> false), ErrorTranslator.NONE, false))))
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void headOfAGetRouteHasTheGetsStatusAndHeadersAndNoBodyAndTheConnectionGoesOn() {
        try (RawHttp connection = new RawHttp(port)) {
            RawHttp.Response get = connection.send("GET", "/things");
            RawHttp.Response head = connection.send("HEAD", "/things");
            RawHttp.Response next = connection.send("GET", "/things");

            assertThat(get.status()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(THINGS);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.representationHeaders()).isEqualTo(get.representationHeaders());
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(THINGS.length));
            assertThat(head.header("X-Thing")).isEqualTo("yes");
            assertThat(next.status()).as("no body bytes of the HEAD before this answer").isEqualTo(200);
            assertThat(next.body()).isEqualTo(THINGS);
        }
    }

    @Test
    void headRunsTheChecksOfTheGetSoItNeedsTheSameToken() {
        try (RawHttp connection = new RawHttp(port)) {
            RawHttp.Response anonymous = connection.send("HEAD", "/mine");
            RawHttp.Response withToken = connection.send("HEAD", "/mine", "Authorization", "Bearer good");
            RawHttp.Response unknown = connection.send("HEAD", "/nowhere");
            RawHttp.Response after = connection.send("GET", "/things");

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(withToken.status()).isEqualTo(200);
            assertThat(withToken.header("Cache-Control")).isEqualTo("no-store");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.header("Content-Type")).isEqualTo("application/json");
            assertThat(after.body()).isEqualTo(THINGS);
        }
    }

    @Test
    void allowListsHeadAfterGetInOptionsAndIn405Answers() {
        try (RawHttp connection = new RawHttp(port)) {
            RawHttp.Response options = connection.send("OPTIONS", "/things");
            RawHttp.Response wrong = connection.send("DELETE", "/things");

            assertThat(options.status()).isEqualTo(204);
            assertThat(options.header("Allow")).isEqualTo("GET, HEAD, POST, OPTIONS");
            assertThat(wrong.status()).isEqualTo(405);
            assertThat(wrong.header("Allow")).isEqualTo("GET, HEAD, POST, OPTIONS");
            assertThat(new String(wrong.body(), StandardCharsets.UTF_8)).contains("\"code\":\"method_not_allowed\"");
        }
    }

    @Test
    void aRouteWithoutHeadAnswers405ToHeadAndDoesNotRun() {
        try (RawHttp connection = new RawHttp(port)) {
            RawHttp.Response head = connection.send("HEAD", "/upgrade");
            RawHttp.Response options = connection.send("OPTIONS", "/upgrade");

            assertThat(head.status()).isEqualTo(405);
            assertThat(head.header("Allow")).isEqualTo("GET, OPTIONS");
            assertThat(options.header("Allow")).isEqualTo("GET, OPTIONS");
            assertThat(upgrades).hasValue(0);
        }
    }

    @Test
    void headWhereThereIsNoGetIs405() {
        try (RawHttp connection = new RawHttp(port)) {
            RawHttp.Response head = connection.send("HEAD", "/only-post");

            assertThat(head.status()).isEqualTo(405);
            assertThat(head.header("Allow")).isEqualTo("POST, OPTIONS");
        }
    }
}
