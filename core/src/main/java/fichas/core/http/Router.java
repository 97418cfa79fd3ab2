package fichas.core.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one router: finds the route of a request, then authenticates and authorises it, then runs it. An unknown
 * path is 404 and a known path with another method is 405 with {@code Allow}, before any token is looked at,
 * so clients can tell a typo from a missing login. {@code OPTIONS} on a known path answers 204 with
 * {@code Allow} and needs no token. {@code HEAD} runs the path's {@code GET} route (checks included; Undertow
 * sends the headers and drops the body) unless that route is {@link Route#withoutHead()}; {@code Allow} lists it
 * after {@code GET}. A route that needs a token answers 401 without a valid one, 403 when the
 * role does not allow it, and marks its answer {@code Cache-Control: no-store}. Errors are thrown as
 * {@link ApiException}s for the {@link ErrorHandler} above. Runs on a worker thread (authenticators block).
 */
public final class Router implements HttpHandler {
    /** The route a request matched (method and path), set before auth; absent for 404/405/OPTIONS. */
    public static final AttachmentKey<Route> MATCHED = AttachmentKey.create(Route.class);
    private final Map<String, List<Route>> routesByTemplate = new LinkedHashMap<>();
    private final Map<String, List<String>> segmentsByTemplate = new LinkedHashMap<>();
    private final Authenticator authenticator;
    private final Predicate<HttpServerExchange> isLocalCaller;

    /**
     * @param isLocalCaller who may call {@link Access#LOCAL_OR_ADMIN} routes without a token (a caller on this
     *                      machine)
     */
    public Router(List<Route> routes, Authenticator authenticator, Predicate<HttpServerExchange> isLocalCaller) {
        for (Route route : routes) {
            routesByTemplate.computeIfAbsent(route.template(), t -> new ArrayList<>()).add(route);
            segmentsByTemplate.put(route.template(), route.segments());
        }
        this.authenticator = authenticator;
        this.isLocalCaller = isLocalCaller;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        List<String> path = PathTemplate.segments(exchange.getRequestPath());
        Map<String, String> captured = new HashMap<>();
        List<Route> candidates = null;
        for (Map.Entry<String, List<String>> entry : segmentsByTemplate.entrySet()) {
            captured.clear();
            if (PathTemplate.match(entry.getValue(), path, captured)) {
                candidates = routesByTemplate.get(entry.getKey());
                break;
            }
        }
        if (candidates == null) {
            throw ApiException.notFound("no route " + exchange.getRequestPath());
        }
        HttpString method = exchange.getRequestMethod();
        if (method.equals(Methods.OPTIONS)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, allow(candidates));
            exchange.setStatusCode(204);
            exchange.endExchange();
            return;
        }
        Route route = routeFor(candidates, method);
        if (route == null) {
            throw ApiException.methodNotAllowed(method.toString(), exchange.getRequestPath(), allow(candidates));
        }
        run(route, exchange, captured);
    }

    /** The route of {@code method}: one declared for it, else the GET route that answers HEAD; null for a 405. */
    private static Route routeFor(List<Route> candidates, HttpString method) {
        for (Route route : candidates) {
            if (route.method().equals(method)) {
                return route;
            }
        }
        for (Route route : candidates) {
            if (route.serves(method)) {
                return route;
            }
        }
        return null;
    }

    private void run(Route route, HttpServerExchange exchange, Map<String, String> pathParams) throws Exception {
        exchange.putAttachment(MATCHED, route);
        Principal principal = null;
        boolean open = route.access() == Access.PUBLIC
                || route.access() == Access.LOCAL_OR_ADMIN && isLocalCaller.test(exchange);
        if (!open) {
            principal = authenticate(exchange, route.tokenInQuery());
            exchange.putAttachment(Principal.KEY, principal);
            // Answers to a logged-in user are theirs alone: no browser or proxy may keep a copy. A route
            // that sets its own Cache-Control (an image's) replaces this.
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            if (route.access() != Access.USER && !principal.isAdmin()) {
                throw ApiException.forbidden("this action needs the admin role");
            }
        }
        route.handler().handle(exchange, Map.copyOf(pathParams), principal);
    }

    private Principal authenticate(HttpServerExchange exchange, boolean tokenInQuery) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if ((header == null || header.isBlank()) && tokenInQuery) {
            Deque<String> query = exchange.getQueryParameters().get("access_token");
            String token = query == null || query.isEmpty() ? "" : query.getFirst().trim();
            if (token.isEmpty()) {
                throw ApiException.unauthenticated(
                        "this route needs Authorization: Bearer <token> or ?access_token=<token>");
            }
            return authenticator.authenticate(token, exchange)
                    .orElseThrow(() -> ApiException.unauthenticated("the token is invalid or has expired"));
        }
        return authenticator.authenticate(bearerToken(header), exchange)
                .orElseThrow(() -> ApiException.unauthenticated("the token is invalid or has expired"));
    }

    /** The token of an {@code Authorization: Bearer <token>} value; 401 when it is missing or has another shape. */
    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthenticated("this route needs Authorization: Bearer <token>");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()) {
            throw ApiException.unauthenticated("the Authorization header must be Bearer <token>");
        }
        return parts[1].trim();
    }

    private static String allow(List<Route> candidates) {
        Set<String> methods = new LinkedHashSet<>();
        for (Route route : candidates) {
            methods.add(route.method().toString());
            if (route.serves(Methods.HEAD)) {
                methods.add(Methods.HEAD_STRING);
            }
        }
        methods.add("OPTIONS");
        return String.join(", ", methods);
    }
}
