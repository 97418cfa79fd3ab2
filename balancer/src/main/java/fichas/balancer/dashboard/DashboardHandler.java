package fichas.balancer.dashboard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

/** Serves the dashboard page and its versioned static assets (skeleton; filled in next). */
public final class DashboardHandler implements HttpHandler {

    public DashboardHandler() {
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.setStatusCode(StatusCodes.NOT_FOUND);
        exchange.endExchange();
    }
}
