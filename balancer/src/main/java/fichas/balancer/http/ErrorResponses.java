package fichas.balancer.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import org.xnio.IoUtils;

/**
 * Answers with the JSON error body of API.md:
 * {@code {"error":{"code":"...","message":"...","request_id":"..."}}}. The balancer's own 413, 429, 502,
 * 503 and 504 all come through here. Call on the exchange's IO thread.
 */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    /**
     * Sends the error and ends the exchange. {@code retryAfterSeconds} ≤ 0 means no {@code Retry-After}.
     * When the response has already started (headers sent), the client connection is closed instead,
     * since a truncated response must not look complete.
     */
    public static void send(HttpServerExchange exchange, int status, String code, String message,
                            long retryAfterSeconds) {
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        String requestId = RequestIds.of(exchange);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        if (retryAfterSeconds > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        exchange.getResponseSender().send(body(code, message, requestId));
    }

    public static String body(String code, String message, String requestId) {
        return "{\"error\":{\"code\":\"" + escape(code) + "\",\"message\":\"" + escape(message)
                + "\",\"request_id\":\"" + escape(requestId) + "\"}}";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A status as its reason phrase, for log lines. */
    public static String reason(int status) {
        return StatusCodes.getReason(status);
    }
}
