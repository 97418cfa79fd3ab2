package fichas.supervisor.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.console.dashboard.DashboardHandler;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The balancer's HTTP surface as the dashboard sees it (contracts section 3), canned: the real
 * {@link DashboardHandler}, {@code POST /auth/login}, {@code GET /balancer/status} built from state the
 * test sets, and the admin actions, recorded. Lets the page be tested without starting the system.
 */
final class FakeBalancer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "admin-secret";
    static final String ADMIN_TOKEN = "admin-token-1";
    static final String OPERATOR_TOKEN = "operador-token-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Undertow server;
    private final DashboardHandler dashboard = new DashboardHandler();
    private final Map<String, String> backendStates = new ConcurrentHashMap<>(Map.of("8000", "UP", "8001", "UP", "8002", "UP"));
    private final List<Map<String, Object>> alerts = new CopyOnWriteArrayList<>();
    /** Every admin call as "METHOD path", in order. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();
    volatile boolean unreachable;
    volatile boolean tokensRevoked;
    volatile int reloadStatus = 202;

    FakeBalancer() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(this::handle).build();
        server.start();
    }

    int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    int polls() {
        return polls.get();
    }

    void backendState(String id, String state) {
        backendStates.put(id, state);
    }

    void addAlert(long id, String rule, String subject, String severity, String message) {
        addAlert(id, rule, subject, severity, message, 0.042, 0.01);
    }

    /** An active alert as AlertJson renders it; value and threshold null for an event alert. */
    void addAlert(long id, String rule, String subject, String severity, String message, Double value, Double threshold) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", id);
        a.put("rule", rule);
        a.put("subject", subject);
        a.put("severity", severity);
        a.put("status", "active");
        a.put("message", message);
        a.put("value", value);
        a.put("threshold", threshold);
        a.put("raised_at", Instant.now().minusSeconds(95).toString());
        a.put("resolved_at", null);
        a.put("resolved_by", null);
        a.put("source", "balancer");
        alerts.add(a);
    }

    private void handle(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        String method = exchange.getRequestMethod().toString();
        if (path.equals("/dashboard") || path.startsWith("/dashboard/")) {
            dashboard.handleRequest(exchange);
        } else if (unreachable) {
            IoUtils.safeClose(exchange.getConnection());
        } else if (method.equals("POST") && path.equals("/auth/login")) {
            exchange.getRequestReceiver().receiveFullString((ex, body) -> login(ex, body));
        } else if (method.equals("POST") && path.equals("/auth/logout")) {
            exchange.setStatusCode(204);
            exchange.endExchange();
        } else if (path.startsWith("/balancer/")) {
            admin(exchange, method, path);
        } else {
            error(exchange, 404, "not_found", "no route " + path);
        }
    }

    private void login(HttpServerExchange exchange, String body) {
        try {
            JsonNode in = JSON.readTree(body);
            String username = in.path("username").asText();
            String password = in.path("password").asText();
            String role = username.equals("admin") ? "admin" : username.equals("operador") ? "operador" : null;
            if (role == null || !password.equals(ADMIN_PASSWORD)) {
                error(exchange, 401, "invalid_credentials", "wrong username or password");
                return;
            }
            send(exchange, 200, Map.of("token", role.equals("admin") ? ADMIN_TOKEN : OPERATOR_TOKEN,
                    "expires_at", Instant.now().plusSeconds(43_200).toString(),
                    "user", Map.of("id", 1, "username", username, "role", role)));
        } catch (Exception e) {
            error(exchange, 400, "bad_request", "malformed JSON");
        }
    }

    private void admin(HttpServerExchange exchange, String method, String path) throws Exception {
        String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (tokensRevoked || auth == null || !(auth.equals("Bearer " + ADMIN_TOKEN) || auth.equals("Bearer " + OPERATOR_TOKEN))) {
            error(exchange, 401, "unauthenticated", "missing or invalid token");
            return;
        }
        if (!auth.equals("Bearer " + ADMIN_TOKEN)) {
            error(exchange, 403, "forbidden", "admin role required");
            return;
        }
        if (method.equals("GET") && path.equals("/balancer/status")) {
            polls.incrementAndGet();
            send(exchange, 200, status());
            return;
        }
        calls.add(method + " " + path);
        if (path.equals("/balancer/actions/reload")) {
            if (reloadStatus == 409) {
                error(exchange, 409, "conflict", "a rolling reload is already running");
            } else {
                send(exchange, 202, Map.of("action", "reload", "status", "started"));
            }
        } else if (path.startsWith("/balancer/actions/restart/")) {
            send(exchange, 202, Map.of("action", "restart", "target", path.substring(path.lastIndexOf('/') + 1), "status", "started"));
        } else if (path.equals("/balancer/actions/cache-clear")) {
            send(exchange, 200, Map.of("action", "cache-clear", "results", List.of(
                    Map.of("backend", "8000", "status", 200), Map.of("backend", "8001", "status", 200),
                    Map.of("backend", "8002", "status", 503))));
        } else if (path.matches("/balancer/alerts/\\d+/resolve")) {
            long id = Long.parseLong(path.split("/")[3]);
            Map<String, Object> alert = alerts.stream().filter(a -> ((Number) a.get("id")).longValue() == id).findFirst().orElse(null);
            if (alert == null) {
                error(exchange, 404, "not_found", "no alert " + id);
                return;
            }
            alerts.remove(alert);
            Map<String, Object> resolved = new LinkedHashMap<>(alert);
            resolved.put("status", "resolved");
            resolved.put("resolved_by", "admin");
            resolved.put("resolved_at", Instant.now().toString());
            send(exchange, 200, resolved);
        } else {
            error(exchange, 404, "not_found", "no route " + path);
        }
    }

    /** A plausible status: numbers move with each poll so the charts have something to draw. */
    private Map<String, Object> status() {
        int tick = polls.get();
        Map<String, Object> balancer = new LinkedHashMap<>();
        balancer.put("port", port());
        balancer.put("uptime_s", 3_725 + tick * 2);
        balancer.put("in_flight", 3 + tick % 4);
        balancer.put("queue_length", tick % 3);
        balancer.put("queue_capacity", 1000);
        balancer.put("requests_total", 1_204_512 + tick * 1_650);
        balancer.put("requests_per_second", 812.5 + 90 * Math.sin(tick / 3.0));
        balancer.put("error_rate", 0.002 + 0.002 * Math.max(0, Math.sin(tick / 4.0)));
        balancer.put("rate_limited_total", 17);
        balancer.put("supervised", true);
        List<Map<String, Object>> backends = new ArrayList<>();
        List<Map<String, Object>> children = new ArrayList<>();
        int i = 0;
        for (String id : List.of("8000", "8001", "8002")) {
            String state = backendStates.get(id);
            boolean up = state.equals("UP");
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("id", id);
            b.put("address", "127.0.0.1:" + id);
            b.put("state", state);
            b.put("in_flight", up ? 1 + (tick + i) % 3 : 0);
            b.put("requests_total", 401_000 + tick * 550 + i * 1_000);
            b.put("errors_total", i == 1 ? 12 : 0);
            b.put("retries_total", i);
            b.put("ejections_total", up ? 0 : 1);
            b.put("requests_per_second", up ? 270 + 40 * Math.sin((tick + i * 5) / 3.0) : 0.0);
            b.put("error_rate", i == 1 ? 0.004 : 0.0);
            b.put("p95_ms", up ? 12 + 6 * Math.abs(Math.sin((tick + i * 7) / 5.0)) + i * 3 : null);
            b.put("cache_hit_ratio", up ? 0.93 - i * 0.05 : null);
            b.put("health_history", history(up, tick));
            b.put("alerts", i == 1 ? List.of("error_rate_high") : List.of());
            backends.add(b);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", "instance-" + id);
            c.put("port", Integer.parseInt(id));
            c.put("pid", up ? 41_200 + i * 17 : null);
            c.put("state", up ? "ONLINE" : "WAITING");
            c.put("uptime_s", up ? 3_600 + i * 600 + tick * 2 : 0);
            c.put("restarts", i);
            c.put("rss_bytes", up ? 230_000_000L + i * 11_000_000L : null);
            c.put("cpu_percent", up ? 3.5 + i * 2.25 : null);
            children.add(c);
            i++;
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("generated_at", Instant.now().toString());
        status.put("balancer", balancer);
        status.put("backends", backends);
        status.put("children", children);
        status.put("alerts", List.copyOf(alerts));
        return status;
    }

    private static List<Map<String, Object>> history(boolean up, int tick) {
        List<Map<String, Object>> checks = new ArrayList<>();
        int n = Math.min(30, 20 + tick);
        for (int k = 0; k < n; k++) {
            boolean ok = up || k < n - 3;
            checks.add(Map.of("at", Instant.now().minusSeconds(2L * (n - k)).toString(), "ok", ok, "latency_ms", ok ? 1.4 + k % 3 : 1000.0));
        }
        return checks;
    }

    private static void send(HttpServerExchange exchange, int status, Object body) {
        try {
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(HttpServerExchange exchange, int status, String code, String message) {
        send(exchange, status, Map.of("error", Map.of("code", code, "message", message, "request_id", "test")));
    }

    @Override
    public void close() {
        server.stop();
    }
}
