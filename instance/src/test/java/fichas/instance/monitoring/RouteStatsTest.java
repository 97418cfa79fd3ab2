package fichas.instance.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RouteStatsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RouteStats stats = new RouteStats("GET", "/clientes/{id}", registry);

    @Test
    void only_server_errors_count_as_errors() {
        stats.record(200, TimeUnit.MILLISECONDS.toNanos(2));
        stats.record(404, TimeUnit.MILLISECONDS.toNanos(1));
        stats.record(503, TimeUnit.MILLISECONDS.toNanos(30));

        RouteStats.Snapshot snapshot = stats.snapshot();

        assertThat(snapshot.count()).isEqualTo(3);
        assertThat(snapshot.errors()).isEqualTo(1);
        assertThat(snapshot.meanMs()).isEqualTo(11.0);
        assertThat(snapshot.maxMs()).isEqualTo(30.0);
        assertThat(snapshot.p99Ms()).isLessThanOrEqualTo(snapshot.maxMs()).isGreaterThan(28.0);
    }

    @Test
    void each_status_has_its_own_timer_tagged_with_the_template() {
        stats.record(200, 1_000_000);
        stats.record(200, 1_000_000);
        stats.record(404, 1_000_000);

        assertThat(registry.get(RouteStats.TIMER).tags("method", "GET", "route", "/clientes/{id}", "status", "200")
                .timer().count()).isEqualTo(2);
        assertThat(registry.get(RouteStats.TIMER).tag("status", "404").timer().count()).isEqualTo(1);
    }

    @Test
    void a_route_without_requests_has_no_durations() {
        RouteStats.Snapshot snapshot = stats.snapshot();

        assertThat(snapshot.count()).isZero();
        assertThat(snapshot.meanMs()).isNaN();
        assertThat(snapshot.p95Ms()).isNaN();
        assertThat(snapshot.maxMs()).isNaN();
    }
}
