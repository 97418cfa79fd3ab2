package fichas.core.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Gives every exchange a request id — the client's {@code X-Request-Id} when {@link RequestIds#isValid}, else
 * a new one — and sets {@code X-Request-Id} and {@code X-Instance} on every response (API.md). An instance
 * also marks every response {@code X-Content-Type-Options: nosniff}; the proxy instead puts the id on the
 * request it forwards (so the instance logs the same id) and answers as {@code X-Instance: balancer} until a
 * backend's headers replace it. Runs on the IO thread; does no I/O.
 */
public final class RequestIdHandler implements HttpHandler {
    private final String instanceId;
    private final boolean forward;
    private final HttpHandler next;

    private RequestIdHandler(String instanceId, boolean forward, HttpHandler next) {
        this.instanceId = instanceId;
        this.forward = forward;
        this.next = next;
    }

    /** For a server that answers itself: {@code X-Instance: instanceId} and {@code nosniff}. */
    public static RequestIdHandler answering(String instanceId, HttpHandler next) {
        return new RequestIdHandler(instanceId, false, next);
    }

    /** For the proxy: the id also goes on the forwarded request; no {@code nosniff} (the backend sets it). */
    public static RequestIdHandler forwarding(String instanceId, HttpHandler next) {
        return new RequestIdHandler(instanceId, true, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String id = exchange.getRequestHeaders().getFirst(RequestIds.X_REQUEST_ID);
        if (!RequestIds.isValid(id)) {
            id = RequestIds.generate();
        }
        exchange.putAttachment(RequestIds.KEY, id);
        exchange.getResponseHeaders().put(RequestIds.X_REQUEST_ID, id);
        exchange.getResponseHeaders().put(RequestIds.X_INSTANCE, instanceId);
        if (forward) {
            exchange.getRequestHeaders().put(RequestIds.X_REQUEST_ID, id);
        } else {
            // Browsers must take our JSON and images for what Content-Type says, never sniff them into HTML.
            exchange.getResponseHeaders().put(RequestIds.X_CONTENT_TYPE_OPTIONS, "nosniff");
        }
        next.handleRequest(exchange);
    }
}
