package fichas.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.balancer.BackendStatus;
import fichas.console.admin.ChildView;
import fichas.console.scrape.ScrapedMetrics;
import fichas.observability.alerts.Alert;
import fichas.observability.alerts.AlertEngine;
import fichas.observability.alerts.AlertListener;
import fichas.observability.alerts.Severity;
import fichas.observability.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BalancerAlertsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<String> webhook = new CopyOnWriteArrayList<>();
    private final AlertEngine engine = new AlertEngine(BalancerAlerts.SOURCE, clock, List.of(),
            List.of(new OwnRulesOnly(new AlertListener() {
                @Override
                public void raised(Alert alert) {
                    webhook.add("raised " + alert.rule() + " " + alert.subject());
                }

                @Override
                public void resolved(Alert alert) {
                    webhook.add("resolved " + alert.rule() + " " + alert.subject());
                }
            })));
    private final BalancerAlerts alerts = new BalancerAlerts(engine, clock, Duration.ofMinutes(5), Duration.ofSeconds(30));

    private static ChildView child(String state, boolean healthy, int crashes, int restarts) {
        return new ChildView("instance-8001", "8001", 8001, 42L, state, 10L, restarts, crashes, healthy, 1L, 1.0,
                crashes > 0 ? "exited with code 137" : null);
    }

    private void tick(Duration d, ChildView c) {
        clock.advance(d);
        alerts.observeChildren(List.of(c));
    }

    @Test
    void aCrashRestartedByTheSupervisorRaisesOneWarningThatClearsAfterFiveHealthyMinutes() {
        alerts.observeChildren(List.of(child("ONLINE", true, 0, 0)));
        assertThat(alerts.active()).isEmpty();

        tick(Duration.ofSeconds(1), child("WAITING", false, 1, 0));
        tick(Duration.ofSeconds(1), child("STARTING", false, 1, 1));
        tick(Duration.ofSeconds(1), child("ONLINE", true, 1, 1));
        assertThat(alerts.active()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("instance_restarted");
            assertThat(a.subject()).isEqualTo("instance-8001");
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.source()).isEqualTo("balancer");
            assertThat(a.message()).contains("exited with code 137");
        });

        tick(Duration.ofMinutes(4).plusSeconds(59), child("ONLINE", true, 1, 1));
        assertThat(alerts.active()).as("healthy for 4:59").hasSize(1);
        tick(Duration.ofSeconds(1), child("ONLINE", true, 1, 1));
        assertThat(alerts.active()).as("healthy for 5:00").isEmpty();
        assertThat(alerts.recent()).singleElement().satisfies(a -> assertThat(a.resolvedBy()).isEqualTo("auto"));
        assertThat(webhook).containsExactly("raised instance_restarted instance-8001",
                "resolved instance_restarted instance-8001");
    }

    @Test
    void beingUnhealthyInBetweenStartsTheFiveMinutesOver() {
        alerts.observeChildren(List.of(child("ONLINE", true, 1, 1)));
        tick(Duration.ofMinutes(4), child("ONLINE", true, 1, 1));
        tick(Duration.ofSeconds(10), child("ONLINE", false, 1, 1));
        tick(Duration.ofSeconds(10), child("ONLINE", true, 1, 1));
        tick(Duration.ofMinutes(4), child("ONLINE", true, 1, 1));
        assertThat(alerts.active()).hasSize(1);
        tick(Duration.ofMinutes(1), child("ONLINE", true, 1, 1));
        assertThat(alerts.active()).isEmpty();
    }

    @Test
    void aRestartSomeoneAskedForRaisesNothing() {
        alerts.observeChildren(List.of(child("ONLINE", true, 0, 0)));
        tick(Duration.ofSeconds(1), child("STOPPING", false, 0, 0));
        tick(Duration.ofSeconds(1), child("STARTING", false, 0, 1));
        tick(Duration.ofSeconds(1), child("ONLINE", true, 0, 1));
        assertThat(alerts.recent()).isEmpty();
    }

    @Test
    void anErroredInstanceIsCriticalUntilItRunsAgain() {
        alerts.observeChildren(List.of(child("ERRORED", false, 10, 9)));
        assertThat(alerts.active()).extracting(Alert::rule, Alert::severity).contains(
                org.assertj.core.groups.Tuple.tuple("instance_errored", Severity.CRITICAL));

        tick(Duration.ofSeconds(1), child("ERRORED", false, 10, 9));
        assertThat(alerts.active()).filteredOn(a -> a.rule().equals("instance_errored")).hasSize(1);

        tick(Duration.ofSeconds(1), child("STARTING", false, 10, 10));
        assertThat(alerts.active()).filteredOn(a -> a.rule().equals("instance_errored")).isEmpty();
        assertThat(webhook).contains("raised instance_errored instance-8001", "resolved instance_errored instance-8001");
    }

    @Test
    void anAlertResolvedByHandWhileItsConditionHoldsIsNotRaisedAgainUntilItClears() {
        alerts.observeChildren(List.of(child("ERRORED", false, 0, 0)));
        long id = alerts.active().get(0).id();
        assertThat(alerts.resolve(id, "admin")).get().satisfies(a -> assertThat(a.resolvedBy()).isEqualTo("admin"));

        tick(Duration.ofSeconds(1), child("ERRORED", false, 0, 0));
        assertThat(alerts.active()).isEmpty();

        tick(Duration.ofSeconds(1), child("STARTING", false, 0, 1));
        tick(Duration.ofSeconds(1), child("ERRORED", false, 0, 1));
        assertThat(alerts.active()).as("a new episode").hasSize(1);
    }

    @Test
    void aBackendDownForThirtySecondsRaisesBackendDownUntilItIsUpAgain() {
        alerts.observeBackends(Map.of("8000", BackendStatus.DOWN));
        clock.advance(Duration.ofSeconds(29));
        alerts.observeBackends(Map.of("8000", BackendStatus.DOWN));
        assertThat(alerts.active()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        alerts.observeBackends(Map.of("8000", BackendStatus.DOWN));
        assertThat(alerts.active()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("backend_down");
            assertThat(a.subject()).isEqualTo("8000");
        });

        alerts.observeBackends(Map.of("8000", BackendStatus.DRAINING));
        assertThat(alerts.active()).isEmpty();
    }

    @Test
    void instanceAlertsAreMirroredWhileScrapedButNeverPostedByTheBalancer() {
        Instant at = clock.instant();
        ScrapedMetrics cpuHigh = new ScrapedMetrics(at, true, 0.9, 0.0, 1.0, 0.01,
                List.of(new ScrapedMetrics.ActiveRule("cpu_high", "warning")));
        ScrapedMetrics calm = new ScrapedMetrics(at, true, 0.9, 0.0, 1.0, 0.01, List.of());

        alerts.observeScrapes(Map.of("8000", cpuHigh));
        alerts.observeScrapes(Map.of("8000", cpuHigh));
        assertThat(alerts.active()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("cpu_high");
            assertThat(a.subject()).isEqualTo("instance-8000");
        });

        alerts.observeScrapes(Map.of("8000", calm));
        assertThat(alerts.active()).isEmpty();
        assertThat(webhook).isEmpty();
    }

    @Test
    void mirroredAlertsSurviveASlowScrapeButNotAnInstanceThatStaysUnreachable() {
        ScrapedMetrics cpuHigh = new ScrapedMetrics(clock.instant(), true, null, null, null, null,
                List.of(new ScrapedMetrics.ActiveRule("cpu_high", "critical")));
        alerts.observeScrapes(Map.of("8000", cpuHigh));

        ScrapedMetrics gone = ScrapedMetrics.unreachable(clock.instant());
        alerts.observeScrapes(Map.of("8000", gone));
        alerts.observeScrapes(Map.of("8000", gone));
        assertThat(alerts.active()).hasSize(1);
        alerts.observeScrapes(Map.of("8000", gone));
        assertThat(alerts.active()).isEmpty();
    }

    @Test
    void aMirroredAlertResolvedByHandStaysQuietWhileTheInstanceStillReportsIt() {
        ScrapedMetrics cpuHigh = new ScrapedMetrics(clock.instant(), true, null, null, null, null,
                List.of(new ScrapedMetrics.ActiveRule("cpu_high", "warning")));
        alerts.observeScrapes(Map.of("8000", cpuHigh));
        alerts.resolve(alerts.active().get(0).id(), "admin");

        alerts.observeScrapes(Map.of("8000", cpuHigh));
        assertThat(alerts.active()).isEmpty();

        alerts.observeScrapes(Map.of("8000", new ScrapedMetrics(clock.instant(), true, null, null, null, null, List.of())));
        alerts.observeScrapes(Map.of("8000", cpuHigh));
        assertThat(alerts.active()).hasSize(1);
    }
}
