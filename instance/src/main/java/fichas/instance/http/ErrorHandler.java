package fichas.instance.http;

import fichas.instance.store.StoreException;
import fichas.instance.store.StoreUnavailableException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where any exception becomes the JSON error of API.md. Must run on the thread that
 * runs the handlers below it (it sits inside the dispatch to the worker pool).
 */
public final class ErrorHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    private final HttpHandler next;

    public ErrorHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Throwable error) {
            ApiException api = toApiException(exchange, error);
            if (exchange.isResponseStarted()) {
                log.warn("request {} failed after its response started: {}", RequestIdHandler.of(exchange),
                        error.toString());
                exchange.endExchange();
                return;
            }
            String instance = instanceOf(exchange);
            exchange.getResponseHeaders().clear();
            exchange.getResponseHeaders().put(RequestIdHandler.X_REQUEST_ID, RequestIdHandler.of(exchange));
            exchange.getResponseHeaders().put(RequestIdHandler.X_INSTANCE, instance);
            exchange.getResponseHeaders().put(RequestIdHandler.X_CONTENT_TYPE_OPTIONS, "nosniff");
            if (exchange.getAttachment(Principal.KEY) != null) {
                exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            }
            api.headers().forEach((name, value) -> exchange.getResponseHeaders().put(
                    new HttpString(name), value));
            Responses.json(exchange, api.status(), body(api, RequestIdHandler.of(exchange)));
        }
    }

    /** The error document of API.md. */
    public static Map<String, Object> body(ApiException api, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", api.code());
        error.put("message", api.getMessage());
        if (!api.details().isEmpty()) {
            error.put("details", api.details());
        }
        error.put("request_id", requestId);
        return Map.of("error", error);
    }

    private static String instanceOf(HttpServerExchange exchange) {
        String value = exchange.getResponseHeaders().getFirst(RequestIdHandler.X_INSTANCE);
        return value == null ? "" : value;
    }

    private static ApiException toApiException(HttpServerExchange exchange, Throwable error) {
        if (error instanceof ApiException api) {
            return api;
        }
        if (error instanceof RequestTooBigException) {
            // Undertow's own cap (MAX_ENTITY_SIZE), above the routes' caps
            return new ApiException(413, "payload_too_large", "the body is too large");
        }
        if (error instanceof StoreUnavailableException unavailable) {
            log.warn("request {} {} {}: database unavailable: {}", RequestIdHandler.of(exchange),
                    exchange.getRequestMethod(), exchange.getRequestPath(), error.getMessage());
            return ApiException.unavailable("the database is unavailable, try again shortly",
                    unavailable.retryAfterSeconds());
        }
        if (error instanceof StoreException) {
            log.error("request {} {} {}: database error", RequestIdHandler.of(exchange),
                    exchange.getRequestMethod(), exchange.getRequestPath(), error);
        } else {
            log.error("request {} {} {} failed", RequestIdHandler.of(exchange), exchange.getRequestMethod(),
                    exchange.getRequestPath(), error);
        }
        return new ApiException(500, "internal_error", "an unexpected error occurred; see the server log",
                List.of(), Map.of());
    }
}
