package fichas.instance.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import fichas.observability.testing.PrometheusText;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithInstance(env = "FICHAS_METRICS_TOKEN=" + PrometheusEndpointTest.METRICS_TOKEN)
class PrometheusEndpointTest {
    static final String METRICS_TOKEN = "scrape-from-another-host-7f3a";
    static RunningInstance instance;
    @Admin
    static ApiClient admin;
    static ApiClient operador;

    @BeforeAll
    static void start() {
        ApiResponse created = admin.post("/users", Map.of("username", "op-metrics", "password", "senha-forte",
                "role", "operador"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        operador = instance.client().login("op-metrics", "senha-forte");
    }

    private static PrometheusText scrape() {
        ApiResponse response = instance.client().get("/metrics");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).contains(MonitoringRoutes.PROMETHEUS_CONTENT_TYPE);
        return PrometheusText.parse(response.text());
    }

    @Test
    void a_caller_on_this_machine_needs_no_token() {
        assertThat(instance.client().get("/metrics").status()).isEqualTo(200);
        assertThat(instance.client().withHeader("X-Forwarded-For", "127.0.0.1").get("/metrics").status())
                .isEqualTo(200);
        assertThat(instance.client().withHeader("X-Forwarded-For", "127.0.0.1, ::1").get("/metrics").status())
                .isEqualTo(200);
    }

    @Test
    void a_forwarded_client_from_elsewhere_needs_an_admin_token() {
        ApiClient lan = instance.client().withHeader("X-Forwarded-For", "192.168.0.20");
        ApiClient chained = instance.client().withHeader("X-Forwarded-For", "127.0.0.1, 10.0.0.7");

        assertThat(lan.get("/metrics").status()).isEqualTo(401);
        assertThat(chained.get("/metrics").status()).isEqualTo(401);
        assertThat(instance.client().withHeader("X-Forwarded-For", "localhost").get("/metrics").status())
                .isEqualTo(401);
        assertThat(instance.client().withHeader("Forwarded", "for=127.0.0.1").get("/metrics").status())
                .isEqualTo(401);
        assertThat(operador.withHeader("X-Forwarded-For", "192.168.0.20").get("/metrics").status()).isEqualTo(403);
        ApiResponse withToken = admin.withHeader("X-Forwarded-For", "192.168.0.20").get("/metrics");
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.text()).contains("# TYPE fichas_error_rate gauge");
    }

    @Test
    void a_caller_from_elsewhere_with_the_metrics_token_may_read_the_metrics_and_nothing_else() {
        ApiClient remoteScraper = instance.client().withHeader("X-Forwarded-For", "192.168.0.20")
                .withHeader("Authorization", "Bearer " + METRICS_TOKEN);

        ApiResponse metrics = remoteScraper.get("/metrics");
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.text()).contains("# TYPE fichas_error_rate gauge");
        assertThat(remoteScraper.get("/clientes").status()).as("not a user's token").isEqualTo(401);
        assertThat(remoteScraper.get("/monitoring/metrics").status()).isEqualTo(401);
        assertThat(instance.client().withHeader("X-Forwarded-For", "192.168.0.20")
                .withHeader("Authorization", "Bearer " + METRICS_TOKEN + "0").get("/metrics").status())
                .as("a near miss").isEqualTo(401);
    }

    @Test
    void the_metrics_token_is_masked_in_the_printed_configuration() {
        assertThat(instance.server().config().describe()).containsEntry("FICHAS_METRICS_TOKEN", "******");
        assertThat(instance.server().config().toString()).doesNotContain(METRICS_TOKEN);
    }

    @Test
    void the_output_parses_with_a_type_for_every_sample_and_no_series_twice() {
        admin.get("/clientes");
        admin.get("/producoes/tipos");
        admin.get("/no/such/route");
        instance.server().monitoring().tick();

        PrometheusText text = scrape();

        assertThat(text.types()).containsKeys("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total",
                "jvm_threads_live_threads", "jvm_classes_loaded_classes", "system_cpu_count", "process_uptime_seconds",
                "process_files_open_files",
                "hikaricp_connections_active", "cache_gets_total", "resilience4j_circuitbreaker_state",
                "resilience4j_bulkhead_available_concurrent_calls", "resilience4j_retry_calls_total",
                "http_server_requests_seconds");
        assertThat(text.value("hikaricp_connections_max", Map.of("pool", "sqlite-reader"))).contains(4.0);
        assertThat(text.value("cache_size", Map.of("cache", "clientes"))).isPresent();
        assertThat(text.value("resilience4j_circuitbreaker_state", Map.of("name", "database", "state", "closed")))
                .contains(1.0);
    }

    @Test
    void the_balancer_gauges_are_there_by_their_fixed_names() {
        instance.server().monitoring().tick();

        PrometheusText text = scrape();

        assertThat(text.types()).containsEntry("fichas_cache_hit_ratio", "gauge")
                .containsEntry("fichas_error_rate", "gauge")
                .containsEntry("fichas_requests_per_second", "gauge")
                .containsEntry("fichas_latency_p95_seconds", "gauge")
                .containsEntry("fichas_alert_active", "gauge");
        assertThat(text.samples("fichas_alert_active")).extracting(s -> s.labels().get("rule"))
                .containsExactlyInAnyOrder("cpu_high", "memory_high", "db_connections_high", "error_rate_high",
                        "latency_p95_high");
        assertThat(text.value("fichas_alert_active", Map.of("rule", "memory_high", "severity", "critical")))
                .contains(0.0);
        assertThat(text.value("fichas_error_rate", Map.of()))
                .hasValueSatisfying(v -> assertThat(v).isBetween(0.0, 1.0));
    }

    @Test
    void requests_are_timed_by_route_template_method_and_status() {
        long id = admin.post("/clientes", Map.of("nome", "Prometheus Ltda")).json().get("id").asLong();
        admin.get("/clientes/" + id);
        admin.get("/clientes/" + (id + 1000));

        PrometheusText text = scrape();

        assertThat(text.value("http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "/clientes/{id}", "status", "200"))).hasValueSatisfying(
                        v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
        assertThat(text.value("http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "/clientes/{id}", "status", "404"))).hasValueSatisfying(
                        v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
        assertThat(text.samples("http_server_requests_seconds_count"))
                .noneMatch(s -> s.labels().get("route").matches(".*/\\d+.*"));
    }
}
