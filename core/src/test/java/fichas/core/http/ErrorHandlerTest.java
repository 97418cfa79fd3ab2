package fichas.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one exception->JSON path on a real Undertow: status, code, headers kept and added, no stack trace. */
class ErrorHandlerTest {
    private Undertow server;

    private HttpResponse<String> get(HttpHandler failing, boolean everyAnswerPrivate, String requestId) throws Exception {
        HttpHandler chain = RequestIdHandler.answering("test-1", new BlockingHandler(
                new ErrorHandler(failing, (exchange, error) -> error instanceof IllegalStateException
                        ? ApiException.unavailable("translated", 3) : null, everyAnswerPrivate)));
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(chain).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body()).path("error");
    }

    @Test
    void anApiExceptionIsAnsweredAsItSaysWithItsHeadersAndTheRequestId() throws Exception {
        HttpResponse<String> r = get(exchange -> {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.LOCATION, "/dropped");
            throw ApiException.methodNotAllowed("DELETE", "/x", "GET, OPTIONS");
        }, false, "abc-1");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, OPTIONS");
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue("abc-1");
        assertThat(r.headers().firstValue("X-Instance")).hasValue("test-1");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.headers().firstValue("Cache-Control")).isEmpty();
        assertThat(error(r).path("code").asText()).isEqualTo("method_not_allowed");
        assertThat(error(r).path("request_id").asText()).isEqualTo("abc-1");
    }

    @Test
    void aTranslatedExceptionUsesTheServersAnswer() throws Exception {
        HttpResponse<String> r = get(exchange -> {
            throw new IllegalStateException("db down");
        }, true, null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(error(r).path("code").asText()).isEqualTo("unavailable");
        assertThat(RequestIds.isValid(error(r).path("request_id").asText())).isTrue();
    }

    @Test
    void anythingElseIs500InternalErrorWithoutTheExceptionsText() throws Exception {
        Function<String, RuntimeException> secret = RuntimeException::new;
        HttpResponse<String> r = get(exchange -> {
            throw secret.apply("password=hunter2");
        }, false, null);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(error(r).path("code").asText()).isEqualTo("internal_error");
        assertThat(r.body()).doesNotContain("hunter2").doesNotContain("RuntimeException");
    }
}
