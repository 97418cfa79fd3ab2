package fichas.balancer.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/**
 * Keeps the client's {@code X-Request-Id} when it is valid, makes one otherwise, and puts it on the
 * request (so the instance logs the same id) and on the response. Runs on the IO thread, never blocks.
 */
public final class RequestIdHandler implements HttpHandler {
    private static final HttpString HEADER = HttpString.tryFromString(RequestIds.HEADER);
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
        next.handleRequest(exchange);
    }
}
