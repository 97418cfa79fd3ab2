package fichas.instance;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The root handler while an instance starts: the port is bound before the database is open, so
 * until {@link #open} every request goes to {@code starting} (a 503 {@code unavailable}), then all
 * of them go to the instance's handler chain. Thread-safe: {@link #open} publishes through a
 * volatile field, read once per request.
 */
final class ReadyGate implements HttpHandler {
    private final HttpHandler starting;
    private volatile HttpHandler ready;

    ReadyGate(HttpHandler starting) {
        this.starting = starting;
    }

    void open(HttpHandler next) {
        ready = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HttpHandler next = ready;
        (next != null ? next : starting).handleRequest(exchange);
    }
}
