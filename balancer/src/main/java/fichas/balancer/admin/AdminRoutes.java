package fichas.balancer.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.balancer.http.ClientAddress;
import fichas.core.http.ApiException;
import fichas.core.http.ErrorHandler;
import fichas.core.http.ErrorTranslator;
import fichas.balancer.metrics.PrometheusWriter;
import fichas.observability.alerts.AlertJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The balancer's own API under {@code /balancer/} (docs/CONTRACTS.md, "Balancer HTTP surface"). Every
 * request is moved off the IO thread first (token checks read SQLite; cache-clear waits for the backends),
 * then routed by method and path: an unknown path is 404, a known path with another method 405, and only
 * then is the admin token checked (401/403, 503 without a database; 429 while the client's address is
 * throttled for failed token checks, see {@link TokenVerifier}). {@code OPTIONS} on a known path answers 204
 * with {@code Allow} and needs no token. {@code GET /balancer/metrics} is open
 * to loopback peers. Errors are the API.md JSON; nothing escapes as a stack trace.
 */
public final class AdminRoutes implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/balancer/";

    private final AdminContext ctx;
    private final AdminActions actions;
    private final ErrorHandler errors;

    public AdminRoutes(AdminContext ctx, AdminActions actions) {
        this.ctx = ctx;
        this.actions = actions;
        this.errors = new ErrorHandler(this::route, ErrorTranslator.NONE, true);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        errors.handleRequest(exchange);
    }

    private void route(HttpServerExchange exchange) {
        String path = exchange.getRequestPath().substring(PREFIX.length());
        String[] parts = path.split("/", -1);
        switch (parts[0]) {
            case "status" -> {
                if (!only(exchange, parts, 1, Methods.GET)) {
                    return;
                }
                requireAdmin(exchange);
                json(exchange, 200, StatusReport.build(ctx));
            }
            case "metrics" -> {
                if (!only(exchange, parts, 1, Methods.GET)) {
                    return;
                }
                if (!Loopback.isLocalCaller(exchange)) {
                    requireAdmin(exchange);
                }
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PrometheusWriter.CONTENT_TYPE);
                exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
                exchange.getResponseSender().send(MetricsReport.render(ctx));
            }
            case "alerts" -> alerts(exchange, parts);
            case "actions" -> action(exchange, parts);
            default -> throw notFound(exchange);
        }
    }

    private void alerts(HttpServerExchange exchange, String[] parts) {
        if (parts.length == 1) {
            if (!only(exchange, parts, 1, Methods.GET)) {
                return;
            }
            requireAdmin(exchange);
            json(exchange, 200, Map.of("items", ctx.alerts().recent().stream().map(AlertJson::toMap).toList()));
            return;
        }
        if (parts.length != 3 || !parts[2].equals("resolve") || !parts[1].matches("[0-9]{1,18}")) {
            throw notFound(exchange);
        }
        if (!only(exchange, parts, 3, Methods.POST)) {
            return;
        }
        TokenVerifier.Caller caller = requireAdmin(exchange);
        long id = Long.parseLong(parts[1]);
        var resolved = ctx.alerts().resolve(id, caller.username())
                .orElseThrow(() -> ApiException.notFound("no alert with id " + id));
        json(exchange, 200, AlertJson.toMap(resolved));
    }

    private void action(HttpServerExchange exchange, String[] parts) {
        String name = parts.length >= 2 ? parts[1] : "";
        boolean known = (parts.length == 2 && (name.equals("reload") || name.equals("cache-clear")))
                || (parts.length == 3 && name.equals("restart") && !parts[2].isBlank());
        if (!known) {
            throw notFound(exchange);
        }
        if (!only(exchange, parts, parts.length, Methods.POST)) {
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        TokenVerifier.Caller caller = ctx.tokens().requireAdmin(authorization, ClientAddress.of(exchange));
        switch (name) {
            case "reload" -> json(exchange, 202, actions.reload(caller));
            case "restart" -> json(exchange, 202, actions.restart(caller, parts[2]));
            default -> json(exchange, 200, actions.clearCaches(caller, authorization, exchange.getQueryString(),
                    exchange.getRequestHeaders().getFirst("X-Request-Id")));
        }
    }

    private TokenVerifier.Caller requireAdmin(HttpServerExchange exchange) {
        return ctx.tokens().requireAdmin(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION),
                ClientAddress.of(exchange));
    }

    /**
     * 404 when the path has more segments than the route; {@code OPTIONS} is answered here (204 with
     * {@code Allow}, no token, as on the instances) and returns false; 405 when the method is not the one
     * the route takes. True when the route should run.
     */
    private static boolean only(HttpServerExchange exchange, String[] parts, int length, HttpString allowed) {
        if (parts.length != length) {
            throw notFound(exchange);
        }
        if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, allowing(allowed.toString()));
            exchange.setStatusCode(204);
            exchange.endExchange();
            return false;
        }
        if (!exchange.getRequestMethod().equals(allowed)) {
            throw ApiException.methodNotAllowed(exchange.getRequestMethod().toString(), exchange.getRequestPath(),
                    allowing(allowed.toString()));
        }
        return true;
    }

    /** The {@code Allow} value of a route that takes {@code method}: it and {@code OPTIONS}. */
    private static String allowing(String method) {
        return method + ", OPTIONS";
    }

    private static ApiException notFound(HttpServerExchange exchange) {
        return ApiException.notFound("no balancer route " + exchange.getRequestPath());
    }

    private static void json(HttpServerExchange exchange, int status, Object body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status JSON could not be written", e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(text);
    }

    /** Ordered map helper for the small action answers. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
