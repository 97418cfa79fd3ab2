package fichas.balancer.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/**
 * Keeps the client's {@code X-Request-Id} when it is valid, makes one otherwise, and puts it on the
 * request (so the instance logs the same id) and on the response. Also marks the response
 * {@code X-Instance: balancer}: API.md promises that header on every response, and an answer the
 * balancer gives itself (its own routes, the dashboard, 429, 502, 503) comes from no instance. A proxied
 * response replaces it with the instance's own value when its headers are copied. Runs on the IO thread,
 * never blocks.
 */
public final class RequestIdHandler implements HttpHandler {
    private static final HttpString HEADER = HttpString.tryFromString(RequestIds.HEADER);
    private static final HttpString X_INSTANCE = HttpString.tryFromString("X-Instance");
    /** The {@code X-Instance} of every answer the balancer gives itself. */
    public static final String BALANCER_INSTANCE = "balancer";
    private final HttpHandler next;

    public RequestIdHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String id = exchange.getRequestHeaders().getFirst(HEADER);
        if (!RequestIds.isValid(id)) {
            id = RequestIds.generate();
        }
        exchange.putAttachment(RequestIds.KEY, id);
        exchange.getRequestHeaders().put(HEADER, id);
        exchange.getResponseHeaders().put(HEADER, id);
        exchange.getResponseHeaders().put(X_INSTANCE, BALANCER_INSTANCE);
        next.handleRequest(exchange);
    }
}
