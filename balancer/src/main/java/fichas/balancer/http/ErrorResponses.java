package fichas.balancer.http;

import fichas.core.http.ErrorBody;
import fichas.core.http.ErrorCode;
import fichas.core.http.RequestIds;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import org.xnio.IoUtils;

/**
 * The proxy's own answers that are not exceptions (413, 429, 502, 503, 504 decided on the IO thread), as the
 * API.md error document of {@link ErrorBody}, with the status of the {@link ErrorCode} table. Call on the
 * exchange's IO thread. Exceptions below the admin routes go through the core {@code ErrorHandler} instead.
 */
public final class ErrorResponses {
    /** The {@code X-Instance} of every answer the balancer gives itself (a proxied answer carries the instance's). */
    public static final String BALANCER_INSTANCE = "balancer";

    private ErrorResponses() {
    }

    /**
     * Sends the error and ends the exchange. {@code retryAfterSeconds} ≤ 0 means no {@code Retry-After}.
     * When the response has already started (headers sent), the client connection is closed instead,
     * since a truncated response must not look complete.
     */
    public static void send(HttpServerExchange exchange, ErrorCode code, String message, long retryAfterSeconds) {
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        String requestId = RequestIds.of(exchange);
        exchange.setStatusCode(code.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        if (retryAfterSeconds > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        exchange.getResponseSender().send(body(code.wire(), message, requestId));
    }

    public static String body(String code, String message, String requestId) {
        return ErrorBody.text(code, message, requestId);
    }

    /** A status as its reason phrase, for log lines. */
    public static String reason(int status) {
        return StatusCodes.getReason(status);
    }
}
