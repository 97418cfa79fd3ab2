package fichas.instance.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import fichas.observability.alerts.Alert;
import fichas.observability.alerts.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@WithInstance(env = "FICHAS_ALERT_WEBHOOK_URL=http://user:secret@127.0.0.1:9/alerts?token=abc")
class MonitoringApiTest {
    private static final List<String> ADMIN_GETS = List.of("/monitoring/health/detailed", "/monitoring/metrics",
            "/monitoring/metrics/error_rate", "/monitoring/performance", "/monitoring/alerts",
            "/monitoring/system/info");

    static RunningInstance instance;
    @Admin
    static ApiClient admin;
    static ApiClient operador;

    @BeforeAll
    static void start() {
        ApiResponse created = admin.post("/users", Map.of("username", "op-monitoring", "password", "senha-forte",
                "role", "operador"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        operador = instance.client().login("op-monitoring", "senha-forte");
    }

    private static Monitoring monitoring() {
        return instance.server().monitoring();
    }

    private static JsonNode ok(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void every_admin_route_is_401_without_a_token_and_403_for_an_operador() {
        for (String path : ADMIN_GETS) {
            ApiResponse anonymous = instance.client().get(path);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.errorCode()).as(path).isEqualTo("unauthenticated");
            ApiResponse forbidden = operador.get(path);
            assertThat(forbidden.status()).as(path).isEqualTo(403);
            assertThat(forbidden.errorCode()).as(path).isEqualTo("forbidden");
        }
        assertThat(instance.client().send("POST", "/monitoring/alerts/1/resolve", null, null).status()).isEqualTo(401);
        assertThat(operador.send("POST", "/monitoring/alerts/1/resolve", null, null).status()).isEqualTo(403);
    }

    @Test
    void detailed_health_scores_the_checks_and_says_why() {
        JsonNode health = ok(admin.get("/monitoring/health/detailed"));

        assertThat(fieldNames(health)).containsExactly("status", "score", "reasons", "instance", "uptime_s",
                "version", "checks");
        assertThat(health.get("status").asText()).isIn("UP", "DEGRADED");
        assertThat(health.get("score").asInt()).isBetween(0, 100);
        assertThat(health.get("reasons").isArray()).isTrue();
        JsonNode checks = health.get("checks");
        assertThat(fieldNames(checks)).containsExactly("database", "caches", "memory", "disk", "alerts");
        JsonNode database = checks.get("database");
        assertThat(database.get("status").asText()).isEqualTo("UP");
        assertThat(database.get("probe_ms").asDouble()).isPositive();
        assertThat(database.get("circuit").asText()).isEqualTo("CLOSED");
        assertThat(database.get("wal_bytes").asLong()).isNotNegative();
        assertThat(fieldNames(database.get("writer_pool"))).containsExactly("active", "idle", "waiting", "max");
        assertThat(database.get("writer_pool").get("max").asInt()).isEqualTo(1);
        assertThat(database.get("reader_pool").get("max").asInt()).isEqualTo(4);
        assertThat(checks.get("caches").get("by_name").has("clientes")).isTrue();
        assertThat(checks.get("memory").get("heap_used_bytes").asLong()).isPositive();
        assertThat(checks.get("memory").get("heap_max_bytes").asLong()).isPositive();
        assertThat(checks.get("disk").get("free_bytes").asLong()).isPositive();
        assertThat(checks.get("disk").get("path").asText()).isEqualTo(instance.dataDir().toAbsolutePath().toString());
        assertThat(health.get("version").asText()).isNotBlank();
    }

    @Test
    void active_alerts_lower_the_score_and_two_critical_ones_make_it_degraded() {
        monitoring().alerts().raise("test_health_a", "8000", Severity.CRITICAL, "first");
        monitoring().alerts().raise("test_health_b", "8000", Severity.CRITICAL, "second");
        try {
            JsonNode health = ok(admin.get("/monitoring/health/detailed"));

            assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.get("score").asInt()).isLessThanOrEqualTo(60);
            assertThat(health.get("reasons").findValuesAsText("check")).filteredOn("alerts"::equals).hasSize(2);
            assertThat(health.get("reasons").get(0).get("penalty").asInt()).isPositive();
            assertThat(health.get("checks").get("alerts").get("active").toString())
                    .contains("test_health_a", "test_health_b");
        } finally {
            monitoring().alerts().clear("test_health_a", "8000");
            monitoring().alerts().clear("test_health_b", "8000");
        }
    }

    @Test
    void metrics_shows_the_ten_metrics_of_the_latest_sample() {
        admin.get("/producoes/tipos");
        monitoring().tick();

        JsonNode body = ok(admin.get("/monitoring/metrics"));

        assertThat(body.get("sampled_at").asText()).endsWith("Z");
        assertThat(body.get("interval_s").asInt()).isEqualTo(5);
        assertThat(fieldNames(body.get("metrics"))).containsExactly("requests_per_second", "error_rate",
                "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "active_connections", "db_connections_in_use",
                "cache_hit_ratio", "memory_used_bytes", "cpu_process", "event_subscribers", "events_per_second",
                "event_delivery_lag_p99_ms");
        JsonNode metrics = body.get("metrics");
        assertThat(metrics.get("memory_used_bytes").asLong()).isPositive();
        assertThat(metrics.get("error_rate").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("cpu_process").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("db_connections_in_use").asInt()).isNotNegative();
    }

    @Test
    void the_history_of_a_metric_lists_its_samples_oldest_first() {
        monitoring().tick();
        monitoring().tick();

        JsonNode body = ok(admin.get("/monitoring/metrics/memory_used_bytes"));

        assertThat(fieldNames(body)).containsExactly("name", "interval_s", "samples");
        assertThat(body.get("name").asText()).isEqualTo("memory_used_bytes");
        List<JsonNode> samples = StreamSupport.stream(body.get("samples").spliterator(), false).toList();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(2);
        assertThat(fieldNames(samples.get(0))).containsExactly("at", "value");
        assertThat(Instant.parse(samples.get(0).get("at").asText()))
                .isBeforeOrEqualTo(Instant.parse(samples.get(1).get("at").asText()));
    }

    @Test
    void every_monitoring_timestamp_is_in_whole_seconds_like_the_rest_of_the_api() {
        String wholeSeconds = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
        monitoring().tick();
        Alert alert = monitoring().alerts().raise("test_timestamps", "8000", Severity.WARNING, "raised by a test");
        JsonNode resolved = ok(admin.send("POST", "/monitoring/alerts/" + alert.id() + "/resolve", null, null));

        assertThat(ok(admin.get("/monitoring/metrics")).get("sampled_at").asText()).matches(wholeSeconds);
        assertThat(ok(admin.get("/monitoring/metrics/error_rate")).get("samples").findValuesAsText("at"))
                .isNotEmpty().allMatch(at -> at.matches(wholeSeconds));
        assertThat(ok(admin.get("/monitoring/performance")).get("since").asText()).matches(wholeSeconds);
        assertThat(ok(admin.get("/monitoring/system/info")).get("started_at").asText()).matches(wholeSeconds);
        assertThat(resolved.get("raised_at").asText()).matches(wholeSeconds);
        assertThat(resolved.get("resolved_at").asText()).matches(wholeSeconds);
    }

    @Test
    void an_unknown_metric_is_not_found() {
        ApiResponse response = admin.get("/monitoring/metrics/nope");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
    }

    @Test
    void performance_groups_requests_by_route_template_not_by_id() {
        long first = admin.post("/clientes", Map.of("nome", "Perf Um")).json().get("id").asLong();
        long second = admin.post("/clientes", Map.of("nome", "Perf Dois")).json().get("id").asLong();
        admin.get("/clientes/" + first);
        admin.get("/clientes/" + second);
        admin.get("/clientes/999999");
        admin.get("/no/such/route");

        JsonNode body = ok(admin.get("/monitoring/performance"));

        assertThat(body.get("since").asText()).endsWith("Z");
        List<JsonNode> routes = StreamSupport.stream(body.get("routes").spliterator(), false).toList();
        assertThat(routes).noneMatch(r -> r.get("route").asText().matches(".*/\\d+.*"));
        JsonNode byId = routes.stream()
                .filter(r -> r.get("route").asText().equals("/clientes/{id}") && r.get("method").asText().equals("GET"))
                .findFirst().orElseThrow();
        assertThat(fieldNames(byId)).containsExactly("method", "route", "count", "errors", "mean_ms", "p95_ms",
                "p99_ms", "max_ms");
        assertThat(byId.get("count").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(byId.get("errors").asLong()).isZero();
        assertThat(byId.get("max_ms").asDouble()).isGreaterThanOrEqualTo(byId.get("mean_ms").asDouble());
        assertThat(routes).anyMatch(r -> r.get("route").asText().equals("unmatched")
                && r.get("method").asText().equals("GET") && r.get("count").asLong() >= 1);
    }

    @Test
    void alerts_lists_the_active_ones_by_default_and_all_on_request() {
        Alert alert = monitoring().alerts().raise("test_listing", "8000", Severity.WARNING, "raised by a test");

        JsonNode active = ok(admin.get("/monitoring/alerts"));
        assertThat(active.get("items").findValuesAsText("rule")).contains("test_listing");
        JsonNode item = StreamSupport.stream(active.get("items").spliterator(), false)
                .filter(a -> a.get("id").asLong() == alert.id()).findFirst().orElseThrow();
        assertThat(fieldNames(item)).containsExactly("id", "rule", "subject", "severity", "status", "message", "value",
                "threshold", "raised_at", "resolved_at", "resolved_by", "source");
        assertThat(item.get("status").asText()).isEqualTo("active");

        monitoring().alerts().clear("test_listing", "8000");
        assertThat(ok(admin.get("/monitoring/alerts")).get("items").findValuesAsText("rule"))
                .doesNotContain("test_listing");
        assertThat(ok(admin.get("/monitoring/alerts?status=all")).get("items").findValuesAsText("rule"))
                .contains("test_listing");
        assertThat(admin.get("/monitoring/alerts?status=later").status()).isEqualTo(400);
    }

    @Test
    void an_admin_resolves_an_alert_by_id() {
        Alert alert = monitoring().alerts().raise("test_resolve", "8000", Severity.CRITICAL, "raised by a test");

        JsonNode resolved = ok(admin.send("POST", "/monitoring/alerts/" + alert.id() + "/resolve", null, null));

        assertThat(resolved.get("id").asLong()).isEqualTo(alert.id());
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("resolved_by").asText()).isEqualTo("admin");
        assertThat(monitoring().alerts().active()).noneMatch(a -> a.id() == alert.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999", "abc", "0"})
    void resolving_an_unknown_alert_is_not_found(String id) {
        ApiResponse response = admin.send("POST", "/monitoring/alerts/" + id + "/resolve", null, null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
    }

    @Test
    void system_info_describes_the_runtime_and_masks_secrets() {
        JsonNode info = ok(admin.get("/monitoring/system/info"));

        assertThat(fieldNames(info)).containsExactly("instance", "version", "pid", "started_at", "uptime_s", "java",
                "os", "cpus", "sqlite_version", "config");
        assertThat(fieldNames(info.get("java"))).containsExactly("version", "vendor", "vm", "vm_version");
        assertThat(fieldNames(info.get("os"))).containsExactly("name", "version", "arch");
        assertThat(info.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(info.get("cpus").asInt()).isPositive();
        // on PostgreSQL the field names the server instead (the same field, so the document keeps its shape)
        assertThat(info.get("sqlite_version").asText()).matches(fichas.instance.testing.TestPostgres.selected()
                ? "PostgreSQL \\d+\\.\\d+.*" : "3\\.\\d+\\.\\d+");
        JsonNode config = info.get("config");
        assertThat(config.get("FICHAS_PORT").asInt()).isEqualTo(instance.port());
        assertThat(config.get("FICHAS_ADMIN_PASSWORD").asText()).isEqualTo("******");
        assertThat(config.get("FICHAS_ALERT_WEBHOOK_URL").asText())
                .isEqualTo("http://******@127.0.0.1:9/****?******");
        assertThat(info.toString()).doesNotContain("admin-pass-123", "secret", "token=abc");
    }
}
