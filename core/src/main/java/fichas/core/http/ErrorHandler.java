package fichas.core.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where an exception becomes the JSON error document of API.md, for every Fichas server on
 * Undertow. An {@link ApiException} is answered as it says; the server's {@link ErrorTranslator} may map its
 * own exceptions; Undertow's {@link RequestTooBigException} is {@code 413}; anything else is logged with the
 * request id and answered {@code 500 internal_error}, never with a stack trace. Headers set before the
 * failure are dropped except {@code X-Request-Id}, {@code X-Instance} and {@code X-Content-Type-Options}.
 * Must run on the thread that runs the handlers below it (inside the dispatch to the worker pool).
 */
public final class ErrorHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    private final HttpHandler next;
    private final ErrorTranslator translator;
    private final boolean everyAnswerPrivate;

    /**
     * @param everyAnswerPrivate every error carries {@code Cache-Control: no-store}; otherwise only the errors
     *                           of a request that was authenticated (a {@link Principal} is attached)
     */
    public ErrorHandler(HttpHandler next, ErrorTranslator translator, boolean everyAnswerPrivate) {
        this.next = next;
        this.translator = translator;
        this.everyAnswerPrivate = everyAnswerPrivate;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Throwable error) {
            ApiException api = toApiException(exchange, error);
            if (exchange.isResponseStarted()) {
                log.warn("request {} failed after its response started: {}", RequestIds.of(exchange), error.toString());
                exchange.endExchange();
                return;
            }
            send(exchange, api, everyAnswerPrivate || exchange.getAttachment(Principal.KEY) != null);
        }
    }

    /** Answers {@code api} as the error document. Call on the thread that owns the exchange. */
    public static void send(HttpServerExchange exchange, ApiException api, boolean noStore) {
        HeaderMap headers = exchange.getResponseHeaders();
        String instance = headers.getFirst(RequestIds.X_INSTANCE);
        String nosniff = headers.getFirst(RequestIds.X_CONTENT_TYPE_OPTIONS);
        headers.clear();
        headers.put(RequestIds.X_REQUEST_ID, RequestIds.of(exchange));
        headers.put(RequestIds.X_INSTANCE, instance == null ? "" : instance);
        if (nosniff != null) {
            headers.put(RequestIds.X_CONTENT_TYPE_OPTIONS, nosniff);
        }
        if (noStore) {
            headers.put(Headers.CACHE_CONTROL, "no-store");
        }
        api.headers().forEach((name, value) -> headers.put(new HttpString(name), value));
        byte[] body = ErrorBody.bytes(api, RequestIds.of(exchange));
        exchange.setStatusCode(api.status());
        headers.put(Headers.CONTENT_TYPE, "application/json");
        headers.put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private ApiException toApiException(HttpServerExchange exchange, Throwable error) {
        if (error instanceof ApiException api) {
            return api;
        }
        if (error instanceof RequestTooBigException) {
            // Undertow's own cap (MAX_ENTITY_SIZE), above the routes' caps
            return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body is too large");
        }
        ApiException translated = translator.translate(exchange, error);
        if (translated != null) {
            return translated;
        }
        log.error("request {} {} {} failed", RequestIds.of(exchange), exchange.getRequestMethod(),
                exchange.getRequestPath(), error);
        return ApiException.internal();
    }
}
