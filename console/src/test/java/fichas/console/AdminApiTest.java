package fichas.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.balancer.Backend;
import fichas.balancer.Balancer;
import fichas.balancer.BalancerListener;
import fichas.balancer.Fixture;
import fichas.balancer.MonitoringConfig;
import fichas.balancer.StubBackend;
import fichas.console.admin.Sessions;
import fichas.observability.testing.PrometheusText;
import fichas.core.testing.RawHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The balancer's own routes on a real balancer (port 0) in front of stub backends, whose stub instances answer {@code GET /auth/me}. */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<StubBackend> stubs = new ArrayList<>();
    private final List<Balancer> balancers = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final FakeSupervisor supervisor = new FakeSupervisor();
    private final Sessions db = new Sessions();
    private String admin;
    private String operator;
    private Balancer balancer;
    /** FICHAS_METRICS_TOKEN of the balancers started from now on; null: none. */
    private String metricsToken;

    @BeforeEach
    void start() {
        admin = db.login("admin", "admin");
        operator = db.login("maria", "operador");
        supervisor.children = List.of(FakeSupervisor.child("8000", "ONLINE", 0), FakeSupervisor.child("8001", "ONLINE", 0));
        balancer = start(supervisor);
    }

    private Balancer start(FakeSupervisor view) {
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            StubBackend stub = new StubBackend("b" + i);
            db.servedBy(stub);
            stubs.add(stub);
            backends.add(stub.backend());
        }
        MonitoringConfig monitoring = MonitoringConfig.defaults().withScrapeInterval(Duration.ofMillis(200))
                .withMetricsToken(metricsToken);
        Balancer b = Balancer.start(Fixture.testConfig().monitoring(monitoring).build(), backends,
                BalancerListener.none(), Console.of(view));
        balancers.add(b);
        return b;
    }

    @AfterEach
    void stop() {
        balancers.forEach(Balancer::close);
        stubs.forEach(StubBackend::close);
    }

    private HttpResponse<String> call(Balancer b, String method, String path, String token, String... headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> call(String method, String path, String token) {
        return call(balancer, method, path, token);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("request_id").asText()).isNotBlank();
        assertThat(error.get("message").asText()).isNotBlank();
    }

    @Test
    void statusNeedsAnAdminToken() {
        HttpResponse<String> none = call("GET", "/balancer/status", null);
        assertError(none, 401, "unauthenticated");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertError(call("GET", "/balancer/status", "forged"), 401, "unauthenticated");
        assertError(call("GET", "/balancer/status", operator), 403, "forbidden");
    }

    @Test
    void statusHasTheContractShape() {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(call("GET", "/balancer/status", admin)).get("backends").get(0).get("health_history").size() >= 2);
        call(balancer, "GET", "/hello", null); // one proxied request

        JsonNode status = json(call("GET", "/balancer/status", admin));

        assertThat(status.get("generated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        JsonNode b = status.get("balancer");
        assertThat(fieldNames(b)).containsExactly("port", "uptime_s", "in_flight", "queue_length", "queue_capacity",
                "requests_total", "requests_per_second", "error_rate", "rate_limited_total", "supervised", "write_routing",
                "writer");
        assertThat(b.get("port").asInt()).isEqualTo(balancer.port());
        assertThat(b.get("requests_total").asLong()).isEqualTo(1);
        assertThat(b.get("queue_capacity").asInt()).isEqualTo(1000);
        assertThat(b.get("supervised").asBoolean()).isTrue();
        assertThat(b.get("write_routing").asText()).isEqualTo("writer");
        assertThat(b.get("writer").asText()).isEqualTo("b0");

        JsonNode backend = status.get("backends").get(0);
        assertThat(fieldNames(backend)).containsExactly("id", "address", "state", "writer", "in_flight", "requests_total",
                "errors_total", "retries_total", "ejections_total", "requests_per_second", "error_rate", "p95_ms",
                "cache_hit_ratio", "event_subscribers", "health_history", "alerts");
        assertThat(backend.get("id").asText()).isEqualTo("b0");
        assertThat(backend.get("address").asText()).isEqualTo("127.0.0.1:" + stubs.get(0).port());
        assertThat(backend.get("state").asText()).isEqualTo("UP");
        assertThat(backend.get("writer").asBoolean()).isTrue();
        assertThat(status.get("backends").get(1).get("writer").asBoolean()).isFalse();
        assertThat(backend.get("cache_hit_ratio").isNull()).as("the stub has no /metrics").isTrue();
        JsonNode check = backend.get("health_history").get(0);
        assertThat(fieldNames(check)).containsExactly("at", "ok", "latency_ms");
        assertThat(check.get("ok").asBoolean()).isTrue();
        assertThat(check.get("latency_ms").isNumber()).isTrue();
        assertThat(backend.get("health_history").size()).isLessThanOrEqualTo(30);

        await().atMost(Duration.ofSeconds(5)).until(() ->
                json(call("GET", "/balancer/status", admin)).get("children").size() == 2);
        JsonNode child = json(call("GET", "/balancer/status", admin)).get("children").get(1);
        assertThat(fieldNames(child)).containsExactly("name", "port", "pid", "state", "uptime_s", "restarts",
                "rss_bytes", "cpu_percent");
        assertThat(child.get("name").asText()).isEqualTo("instance-8001");
        assertThat(child.get("state").asText()).isEqualTo("ONLINE");
        assertThat(child.get("rss_bytes").asLong()).isEqualTo(220_000_000L);
        assertThat(status.get("alerts").isArray()).isTrue();
    }

    @Test
    void theHealthHistoryKeepsTheLastThirtyChecks() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                balancerBackendHistory() >= 30);
        assertThat(balancerBackendHistory()).isEqualTo(30);
    }

    private int balancerBackendHistory() {
        return json(call("GET", "/balancer/status", admin)).get("backends").get(0).get("health_history").size();
    }

    @Test
    void scrapedInstanceMetricsShowUpPerBackendAndAsAlerts() {
        stubs.get(0).metricsText = """
                # TYPE fichas_cache_hit_ratio gauge
                fichas_cache_hit_ratio 0.75
                # TYPE fichas_alert_active gauge
                fichas_alert_active{rule="cpu_high",severity="warning"} 1
                fichas_alert_active{rule="memory_high",severity="critical"} 0
                """;
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(call("GET", "/balancer/status", admin)).get("alerts").size() == 1);

        JsonNode status = json(call("GET", "/balancer/status", admin));
        JsonNode b0 = status.get("backends").get(0);
        assertThat(b0.get("cache_hit_ratio").asDouble()).isEqualTo(0.75);
        assertThat(b0.get("alerts").get(0).asText()).isEqualTo("cpu_high");
        assertThat(status.get("backends").get(1).get("alerts").size()).isZero();
        JsonNode alert = status.get("alerts").get(0);
        assertThat(fieldNames(alert)).containsExactly("id", "rule", "subject", "severity", "status", "message", "value",
                "threshold", "raised_at", "resolved_at", "resolved_by", "source");
        assertThat(alert.get("rule").asText()).isEqualTo("cpu_high");
        assertThat(alert.get("subject").asText()).isEqualTo("instance-b0");
        assertThat(stubs.get(0).lastMetricsForwardedFor).as("scraped directly, not through the proxy").isNull();
        assertThat(stubs.get(0).hits.get()).isZero();
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() {
        assertError(call("GET", "/balancer/nope", admin), 404, "not_found");
        assertError(call("GET", "/balancer/status/extra", admin), 404, "not_found");
        assertError(call("POST", "/balancer/actions/restart", admin), 404, "not_found");
        assertError(call("POST", "/balancer/alerts/abc/resolve", admin), 404, "not_found");
        HttpResponse<String> wrong = call("GET", "/balancer/actions/reload", admin);
        assertError(wrong, 405, "method_not_allowed");
        assertThat(wrong.headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).startsWith("POST"));
        assertError(call("POST", "/balancer/status", admin), 405, "method_not_allowed");
    }

    @Test
    void optionsOnAKnownPathAnswersWithAllowAndNeedsNoToken() {
        for (String[] route : new String[][]{{"/balancer/status", "GET, HEAD, OPTIONS"},
                {"/balancer/metrics", "GET, HEAD, OPTIONS"}, {"/balancer/alerts", "GET, HEAD, OPTIONS"},
                {"/balancer/alerts/1/resolve", "POST, OPTIONS"},
                {"/balancer/actions/reload", "POST, OPTIONS"}, {"/balancer/actions/restart/8001", "POST, OPTIONS"},
                {"/balancer/actions/cache-clear", "POST, OPTIONS"}}) {
            HttpResponse<String> r = call("OPTIONS", route[0], null);
            assertThat(r.statusCode()).as(route[0] + " " + r.body()).isEqualTo(204);
            assertThat(r.headers().firstValue("Allow")).as(route[0]).hasValue(route[1]);
            assertThat(r.body()).isEmpty();
        }
        assertThat(supervisor.restarted).as("OPTIONS runs nothing").isEmpty();
        assertError(call("OPTIONS", "/balancer/nope", null), 404, "not_found");
    }

    @Test
    void headOfTheGetRoutesAnswersTheirStatusAndHeadersWithoutABodyAfterTheSameChecks() {
        try (RawHttp connection = new RawHttp(balancer.port())) {
            RawHttp.Response anonymous = connection.send("HEAD", "/balancer/status");
            RawHttp.Response operatorHead = connection.send("HEAD", "/balancer/status", "Authorization", "Bearer " + operator);
            RawHttp.Response status = connection.send("HEAD", "/balancer/status", "Authorization", "Bearer " + admin);
            RawHttp.Response metrics = connection.send("HEAD", "/balancer/metrics");
            RawHttp.Response next = connection.send("GET", "/balancer/alerts", "Authorization", "Bearer " + admin);

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(operatorHead.status()).isEqualTo(403);
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.header("Content-Type")).isEqualTo("application/json");
            assertThat(status.header("Cache-Control")).isEqualTo("no-store");
            assertThat(status.header("Content-Length")).as("the length the GET would have").matches("[1-9][0-9]*");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            assertThat(next.status()).as("no body bytes of the HEADs before this answer").isEqualTo(200);
            assertThat(new String(next.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"items\":");
        }
        assertThat(supervisor.restarted).as("HEAD runs no action").isEmpty();
    }

    @Test
    void theAdminAnswersAreGzippedWhenAskedLikeTheApis() {
        try (RawHttp connection = new RawHttp(balancer.port())) {
            RawHttp.Response gzipped = connection.send("GET", "/balancer/metrics", "Accept-Encoding", "gzip");
            RawHttp.Response plain = connection.send("GET", "/balancer/metrics");

            assertThat(plain.body().length).as("a metrics page is over 1 KiB").isGreaterThan(1024);
            assertThat(plain.header("Content-Encoding")).isNull();
            assertThat(plain.header("Vary")).isEqualTo("Accept-Encoding");
            assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(gzipped.header("Vary")).isEqualTo("Accept-Encoding");
            assertThat(gunzip(gzipped.body())).startsWith("# ");
        }
    }

    private static String gunzip(byte[] body) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void reloadStartsOnceAndA409AnswersWhileItRuns() {
        assertError(call("POST", "/balancer/actions/reload", operator), 403, "forbidden");

        HttpResponse<String> first = call("POST", "/balancer/actions/reload", admin);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"action\":\"reload\",\"status\":\"started\"}");
        assertError(call("POST", "/balancer/actions/reload", admin), 409, "conflict");

        supervisor.reloadDone();
        assertThat(call("POST", "/balancer/actions/reload", admin).statusCode()).isEqualTo(202);
    }

    @Test
    void restartTakesANameOrAnIdAndAnswers404ForAnUnknownOne() {
        HttpResponse<String> byId = call("POST", "/balancer/actions/restart/8001", admin);
        assertThat(byId.statusCode()).isEqualTo(202);
        assertThat(byId.body()).isEqualTo("{\"action\":\"restart\",\"target\":\"instance-8001\",\"status\":\"started\"}");
        assertThat(call("POST", "/balancer/actions/restart/instance-8000", admin).statusCode()).isEqualTo(202);
        assertThat(supervisor.restarted).containsExactly("instance-8001", "instance-8000");

        assertError(call("POST", "/balancer/actions/restart/instance-9999", admin), 404, "not_found");
    }

    @Test
    void cacheClearCallsEveryUpBackendWithTheCallersToken() {
        HttpResponse<String> r = call("POST", "/balancer/actions/cache-clear", admin);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"action\":\"cache-clear\",\"results\":[{\"backend\":\"b0\",\"status\":200},"
                + "{\"backend\":\"b1\",\"status\":200}]}");
        for (StubBackend stub : stubs) {
            assertThat(stub.monitoringCalls).containsExactly("POST /monitoring/cache/clear Bearer " + admin);
        }
    }

    @Test
    void alertsAreListedAndResolvedByHand() {
        assertThat(call("GET", "/balancer/alerts", admin).body()).isEqualTo("{\"items\":[]}");
        supervisor.children = List.of(FakeSupervisor.child("8000", "ERRORED", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(call("GET", "/balancer/alerts", admin)).get("items").size() == 1);

        JsonNode alert = json(call("GET", "/balancer/alerts", admin)).get("items").get(0);
        assertThat(alert.get("rule").asText()).isEqualTo("instance_errored");
        assertThat(alert.get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("status").asText()).isEqualTo("active");
        assertThat(alert.get("source").asText()).isEqualTo("balancer");

        HttpResponse<String> resolved = call("POST", "/balancer/alerts/" + alert.get("id").asLong() + "/resolve", admin);
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(json(resolved).get("status").asText()).isEqualTo("resolved");
        assertThat(json(resolved).get("resolved_by").asText()).isEqualTo("admin");
        assertError(call("POST", "/balancer/alerts/987654/resolve", admin), 404, "not_found");
        assertError(call("GET", "/balancer/alerts", null), 401, "unauthenticated");
    }

    @Test
    void metricsAreOpenToLoopbackAndParseAsPrometheusText() {
        call(balancer, "GET", "/hello", null);
        HttpResponse<String> r = call("GET", "/balancer/metrics", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(PrometheusText.parse(r.body()).samples()).isNotEmpty();
        assertThat(r.body()).contains("fichas_balancer_backend_state{backend=\"b0\",state=\"UP\"} 1\n")
                .contains("fichas_balancer_backend_latency_seconds_bucket{backend=\"b0\",le=\"+Inf\"}")
                .contains("fichas_balancer_backend_latency_seconds_count{backend=\"b1\"}")
                .contains("fichas_balancer_requests_total 1\n")
                .contains("fichas_balancer_rate_limited_total 0\n")
                .contains("fichas_balancer_queue_length 0\n");
    }

    @Test
    void withAMetricsTokenTheScrapesPresentItAndItOpensTheMetricsFromAnotherHostButNothingElse() {
        metricsToken = "shared-by-all-hosts-0123";
        Balancer withToken = start(supervisor);
        StubBackend scraped = stubs.get(stubs.size() - 1);
        scraped.metricsText = "# TYPE fichas_cache_hit_ratio gauge\nfichas_cache_hit_ratio 0.5\n";

        await().atMost(Duration.ofSeconds(10)).until(() -> scraped.lastMetricsAuthorization != null);
        assertThat(scraped.lastMetricsAuthorization).isEqualTo("Bearer " + metricsToken);
        assertThat(stubs.get(0).lastMetricsAuthorization).as("no token configured: none sent").isNull();

        assertThat(call(withToken, "GET", "/balancer/metrics", metricsToken, "X-Forwarded-For", "192.168.0.7")
                .statusCode()).isEqualTo(200);
        assertError(call(withToken, "GET", "/balancer/status", metricsToken), 401, "unauthenticated");
        assertError(call(withToken, "GET", "/balancer/metrics", metricsToken + "x", "X-Forwarded-For", "192.168.0.7"),
                401, "unauthenticated");
        assertError(call(balancer, "GET", "/balancer/metrics", metricsToken, "X-Forwarded-For", "192.168.0.7"),
                401, "unauthenticated");
    }

    @Test
    void metricsRelayedFromTheLanNeedTheAdminToken() {
        assertError(call(balancer, "GET", "/balancer/metrics", null, "X-Forwarded-For", "192.168.0.7"), 401,
                "unauthenticated");
        assertThat(call(balancer, "GET", "/balancer/metrics", admin, "X-Forwarded-For", "192.168.0.7").statusCode())
                .isEqualTo(200);
        assertThat(call(balancer, "GET", "/balancer/metrics", null, "X-Forwarded-For", "127.0.0.1").statusCode())
                .isEqualTo(200);
    }

    @Test
    void theDashboardAndTheBalancerPathsAreNeverProxiedButEverythingElseIs() {
        call(balancer, "GET", "/dashboard", null);
        call(balancer, "GET", "/dashboard/assets/x.js", null);
        call(balancer, "GET", "/balancer/status", null);
        assertThat(stubs.get(0).hits.get() + stubs.get(1).hits.get()).isZero();

        HttpResponse<String> proxied = call(balancer, "GET", "/dashboards", null);
        assertThat(proxied.headers().allValues("X-Instance")).as("the instance's own, once")
                .singleElement().isNotEqualTo("balancer");
        assertThat(call(balancer, "GET", "/balancer", null).headers().allValues("X-Instance"))
                .singleElement().isNotEqualTo("balancer");
        assertThat(call(balancer, "GET", "/balancer/status", null).headers().allValues("X-Instance"))
                .as("the balancer's own answers say so").containsExactly("balancer");
        assertThat(call(balancer, "GET", "/dashboard", null).headers().allValues("X-Instance"))
                .containsExactly("balancer");
    }

    @Test
    void whenNoInstanceCanCheckTokensOrThereIsNoSupervisorTheAdminSideAnswers503() {
        Balancer noAnswers = start(supervisor);
        stubs.subList(stubs.size() - 2, stubs.size()).forEach(stub -> stub.mode(StubBackend.Mode.UNAVAILABLE));
        HttpResponse<String> unchecked = call(noAnswers, "GET", "/balancer/status", admin);
        assertError(unchecked, 503, "unavailable");
        assertThat(unchecked.headers().firstValue("Retry-After")).isPresent();
        assertThat(call(noAnswers, "GET", "/balancer/metrics", null).statusCode()).as("loopback needs no token")
                .isEqualTo(200);

        Balancer standalone = start(null);
        assertError(call(standalone, "POST", "/balancer/actions/reload", admin), 503, "unavailable");
        assertError(call(standalone, "POST", "/balancer/actions/restart/8001", admin), 503, "unavailable");
        JsonNode status = json(call(standalone, "GET", "/balancer/status", admin));
        assertThat(status.get("balancer").get("supervised").asBoolean()).isFalse();
        assertThat(status.get("children").size()).isZero();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
