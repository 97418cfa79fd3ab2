package fichas.console.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.balancer.http.ClientAddress;
import fichas.console.alerts.BalancerAlerts;
import fichas.console.metrics.PrometheusWriter;
import fichas.core.http.Access;
import fichas.core.http.ApiException;
import fichas.core.http.ErrorHandler;
import fichas.core.http.ErrorTranslator;
import fichas.core.http.Principal;
import fichas.core.http.Role;
import fichas.core.http.Route;
import fichas.core.http.Router;
import fichas.observability.access.MetricsCallers;
import fichas.observability.alerts.AlertJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The balancer's own API under {@code /balancer/} (docs/CONTRACTS.md, "Balancer HTTP surface"), served by the core
 * {@link Router} behind the core {@link ErrorHandler}, as the instance's routes are. Every request is moved off the
 * IO thread first (token checks ask an instance; cache-clear waits for the backends); then an unknown path is 404, a
 * known path with another method 405, and only then is the admin token checked (401/403, 503 without a database;
 * 429 while the client's address is throttled for failed token checks, see {@link TokenVerifier}). {@code OPTIONS}
 * on a known path answers 204 with {@code Allow} and needs no token. {@code GET /balancer/metrics} is open to
 * callers on this machine and to the metrics token. Errors are the API.md JSON; nothing escapes as a stack trace.
 */
public final class AdminRoutes implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StatusReport status;
    private final MetricsReport metrics;
    private final BalancerAlerts alerts;
    private final TokenVerifier tokens;
    private final AdminActions actions;
    private final ErrorHandler errors;

    /** @param metricsCallers who may read {@code /balancer/metrics} without an admin token */
    public AdminRoutes(StatusReport status, MetricsReport metrics, BalancerAlerts alerts, TokenVerifier tokens,
                       AdminActions actions, MetricsCallers metricsCallers) {
        this.status = status;
        this.metrics = metrics;
        this.alerts = alerts;
        this.tokens = tokens;
        this.actions = actions;
        this.errors = new ErrorHandler(new Router(routes(), this::authenticate, metricsCallers),
                ErrorTranslator.NONE, true);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        errors.handleRequest(exchange);
    }

    private List<Route> routes() {
        return List.of(
                new Route(Methods.GET, "/balancer/status", Access.ADMIN,
                        (exchange, path, caller) -> json(exchange, 200, status.build())),
                new Route(Methods.GET, "/balancer/metrics", Access.LOCAL_OR_ADMIN, (exchange, path, caller) -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PrometheusWriter.CONTENT_TYPE);
                    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
                    exchange.getResponseSender().send(metrics.render());
                }),
                new Route(Methods.GET, "/balancer/alerts", Access.ADMIN, (exchange, path, caller) -> json(exchange, 200,
                        Map.of("items", alerts.recent().stream().map(AlertJson::toMap).toList()))),
                new Route(Methods.POST, "/balancer/alerts/{id:[0-9]{1,18}}/resolve", Access.ADMIN,
                        (exchange, path, caller) -> {
                            long id = Long.parseLong(path.get("id"));
                            var resolved = alerts.resolve(id, caller.username())
                                    .orElseThrow(() -> ApiException.notFound("no alert with id " + id));
                            json(exchange, 200, AlertJson.toMap(resolved));
                        }),
                new Route(Methods.POST, "/balancer/actions/reload", Access.ADMIN,
                        (exchange, path, caller) -> json(exchange, 202, actions.reload(caller))),
                new Route(Methods.POST, "/balancer/actions/restart/{name}", Access.ADMIN,
                        (exchange, path, caller) -> json(exchange, 202, actions.restart(caller, path.get("name")))),
                new Route(Methods.POST, "/balancer/actions/cache-clear", Access.ADMIN,
                        (exchange, path, caller) -> json(exchange, 200, actions.clearCaches(caller,
                                exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION), exchange.getQueryString(),
                                exchange.getRequestHeaders().getFirst("X-Request-Id")))));
    }

    /** The caller of a token, checked by {@link TokenVerifier} (throttled per client address). */
    private Optional<Principal> authenticate(String token, HttpServerExchange exchange) {
        return tokens.authenticate(token, ClientAddress.of(exchange)).map(caller -> new Principal(
                caller.userId(), caller.username(), Role.parse(caller.role()).orElse(Role.OPERADOR)));
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
