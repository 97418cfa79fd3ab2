package fichas.instance.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;

/** Writes JSON answers. Sets {@code Content-Length} so the {@code GzipHandler} can see the size. */
public final class Responses {
    public static final String JSON = "application/json";

    private Responses() {
    }

    public static void json(HttpServerExchange exchange, int status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body cannot be serialised", e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    public static void noContent(HttpServerExchange exchange) {
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    /**
     * For a route whose GET streams a body of unknown length (an event stream, a zip built as it is sent): ends a
     * HEAD once its status and headers are set, before the work that makes the body, and says false for any other
     * method. Framed as chunked, as the GET is: ended as it is, Undertow would announce {@code Content-Length: 0}.
     */
    public static boolean endedHead(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.HEAD)) {
            return false;
        }
        exchange.getResponseHeaders().put(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
        exchange.endExchange();
        return true;
    }
}
