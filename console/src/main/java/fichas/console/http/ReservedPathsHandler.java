package fichas.console.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Sends the console's paths to its own handlers and everything else to the proxy chain (the {@code next} the
 * balancer's {@link fichas.balancer.Mount} hands over): {@code /balancer/...} to the admin API,
 * {@code /dashboard} and {@code /dashboard/...} (and {@code /painel}) to the dashboard. On the proxy path this
 * costs two prefix checks. Runs on the IO thread.
 */
public final class ReservedPathsHandler implements HttpHandler {
    private static final String ADMIN = "/balancer/";
    private static final String DASHBOARD = "/dashboard";
    private static final String PAINEL = "/painel";

    private final HttpHandler admin;
    private final HttpHandler dashboard;
    private final HttpHandler proxy;

    public ReservedPathsHandler(HttpHandler admin, HttpHandler dashboard, HttpHandler proxy) {
        this.admin = admin;
        this.dashboard = dashboard;
        this.proxy = proxy;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        if (path.startsWith(ADMIN)) {
            admin.handleRequest(exchange);
        } else if (isDashboard(path)) {
            dashboard.handleRequest(exchange);
        } else {
            proxy.handleRequest(exchange);
        }
    }

    /**
     * {@code /dashboard} itself and anything below it, but not {@code /dashboards}; the same for the
     * production board, {@code /painel}, served by the same handler.
     */
    static boolean isDashboard(String path) {
        return under(path, DASHBOARD) || under(path, PAINEL);
    }

    private static boolean under(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
