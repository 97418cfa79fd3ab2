package fichas.instance.monitoring;

import fichas.core.http.Access;
import fichas.core.http.ApiException;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.Route;
import fichas.instance.http.Timestamps;
import fichas.instance.http.Route.BodyKind;
import fichas.observability.alerts.Alert;
import fichas.observability.alerts.AlertJson;
import fichas.observability.history.Sample;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitoring API of an instance (admin only; docs/MONITORING.md gives every shape) and
 * {@code GET /metrics}, the Prometheus text, open to callers on this machine and to admins.
 */
final class MonitoringRoutes {
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Monitoring monitoring;

    MonitoringRoutes(Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    List<Route> routes() {
        return List.of(
                new Route(Methods.GET, "/monitoring/health/detailed", Access.ADMIN, BodyKind.NONE, this::health),
                new Route(Methods.GET, "/monitoring/metrics", Access.ADMIN, BodyKind.NONE, this::metrics),
                new Route(Methods.GET, "/monitoring/metrics/{name}", Access.ADMIN, BodyKind.NONE, this::metricHistory),
                new Route(Methods.GET, "/monitoring/performance", Access.ADMIN, BodyKind.NONE, this::performance),
                new Route(Methods.GET, "/monitoring/alerts", Access.ADMIN, BodyKind.NONE, this::alerts),
                new Route(Methods.POST, "/monitoring/alerts/{id}/resolve", Access.ADMIN, BodyKind.NONE, this::resolve),
                new Route(Methods.GET, "/monitoring/system/info", Access.ADMIN, BodyKind.NONE, this::systemInfo),
                new Route(Methods.GET, "/metrics", Access.LOCAL_OR_ADMIN, BodyKind.NONE, this::prometheus));
    }

    private void health(ApiRequest request) {
        noStore(request);
        request.respond(200, new HealthReport(monitoring).build());
    }

    private void metrics(ApiRequest request) {
        MetricsSample latest = monitoring.sampler().latest();
        Map<String, Double> sampled = latest == null ? Map.of() : latest.values();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : MetricNames.ALL) {
            values.put(name, latest == null ? null : JsonNumbers.metric(name, sampled.get(name)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sampled_at", latest == null ? null : Timestamps.format(latest.at()));
        body.put("interval_s", intervalSeconds());
        body.put("metrics", values);
        noStore(request);
        request.respond(200, body);
    }

    private void metricHistory(ApiRequest request) {
        String name = request.pathParam("name");
        if (!MetricNames.ALL.contains(name)) {
            throw ApiException.notFound("no metric '" + name + "'; known: " + MetricNames.ALL);
        }
        List<Map<String, Object>> samples = new ArrayList<>();
        for (Sample sample : monitoring.history().samples(name)) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("at", Timestamps.format(sample.at()));
            one.put("value", JsonNumbers.metric(name, sample.value()));
            samples.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("interval_s", intervalSeconds());
        body.put("samples", samples);
        noStore(request);
        request.respond(200, body);
    }

    private void performance(ApiRequest request) {
        List<Map<String, Object>> routes = new ArrayList<>();
        for (RouteStats.Snapshot route : monitoring.requests().performance()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("method", route.method());
            one.put("route", route.route());
            one.put("count", route.count());
            one.put("errors", route.errors());
            one.put("mean_ms", JsonNumbers.round(route.meanMs(), 3));
            one.put("p95_ms", JsonNumbers.round(route.p95Ms(), 3));
            one.put("p99_ms", JsonNumbers.round(route.p99Ms(), 3));
            one.put("max_ms", JsonNumbers.round(route.maxMs(), 3));
            routes.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("since", Timestamps.format(monitoring.startedAt()));
        body.put("routes", routes);
        noStore(request);
        request.respond(200, body);
    }

    private void alerts(ApiRequest request) {
        String status = request.query("status").map(String::trim).orElse("active");
        List<Alert> alerts = switch (status) {
            case "active" -> monitoring.alerts().active();
            case "all" -> monitoring.alerts().recent();
            default -> throw ApiException.badRequest("status must be 'active' or 'all', but was '" + status + "'");
        };
        noStore(request);
        request.respond(200, Map.of("items", alerts.stream().map(AlertJson::toMap).toList()));
    }

    private void resolve(ApiRequest request) {
        long id = request.pathId("id");
        Alert alert = monitoring.alerts().resolve(id, request.principal().username())
                .orElseThrow(() -> ApiException.notFound("no alert " + id));
        request.respond(200, AlertJson.toMap(alert));
    }

    private void systemInfo(ApiRequest request) {
        noStore(request);
        request.respond(200, SystemInfo.of(monitoring));
    }

    private void prometheus(ApiRequest request) {
        byte[] text = monitoring.registry().scrape().getBytes(StandardCharsets.UTF_8);
        request.exchange().setStatusCode(200);
        request.exchange().getResponseHeaders().put(Headers.CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE);
        request.exchange().getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        request.exchange().getResponseHeaders().put(Headers.CONTENT_LENGTH, text.length);
        request.exchange().getResponseSender().send(ByteBuffer.wrap(text));
    }

    private long intervalSeconds() {
        return monitoring.config().monitoring().sampleInterval().toSeconds();
    }

    private static void noStore(ApiRequest request) {
        request.exchange().getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    }
}
