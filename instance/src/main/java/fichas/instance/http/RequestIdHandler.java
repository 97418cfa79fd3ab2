package fichas.instance.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every exchange a request id — the client's {@code X-Request-Id} when it is 1–128
 * characters of {@code [A-Za-z0-9._:-]}, else a new one — and sets {@code X-Request-Id} and
 * {@code X-Instance} (and {@code X-Content-Type-Options: nosniff}) on every response. Runs on the IO thread; does no I/O.
 */
public final class RequestIdHandler implements HttpHandler {
    public static final HttpString X_REQUEST_ID = new HttpString("X-Request-Id");
    public static final HttpString X_INSTANCE = new HttpString("X-Instance");
    public static final HttpString X_CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
    public static final AttachmentKey<String> REQUEST_ID = AttachmentKey.create(String.class);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final String instanceId;
    private final HttpHandler next;

    public RequestIdHandler(String instanceId, HttpHandler next) {
        this.instanceId = instanceId;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String offered = exchange.getRequestHeaders().getFirst(X_REQUEST_ID);
        String requestId = offered != null && VALID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        exchange.putAttachment(REQUEST_ID, requestId);
        exchange.getResponseHeaders().put(X_REQUEST_ID, requestId);
        exchange.getResponseHeaders().put(X_INSTANCE, instanceId);
        // Browsers must take our JSON and images for what Content-Type says, never sniff them into HTML.
        exchange.getResponseHeaders().put(X_CONTENT_TYPE_OPTIONS, "nosniff");
        next.handleRequest(exchange);
    }

    public static String of(HttpServerExchange exchange) {
        String id = exchange.getAttachment(REQUEST_ID);
        return id == null ? "" : id;
    }
}
