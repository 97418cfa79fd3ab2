package fichas.supervisor;

import fichas.balancer.BackendStatus;
import fichas.console.admin.ChildView;
import fichas.console.admin.SupervisorView;
import fichas.console.alerts.BalancerAlerts;
import fichas.observability.alerts.Alert;
import fichas.observability.alerts.AlertEngine;
import fichas.observability.testing.MutableClock;
import fichas.supervisor.balance.TrafficGate;
import fichas.supervisor.balance.TrafficGateFactory;
import fichas.supervisor.child.ChildState;
import fichas.core.config.Settings;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.support.TestEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the embedded balancer sees of the supervisor ({@link BalancerView}) over real child JVMs, and the balancer's
 * alerts fed from it with a fake clock, as its monitor thread feeds them once a second.
 */
class BalancerViewTest {
    @TempDir
    Path home;
    private Supervisor supervisor;
    private final AtomicReference<SupervisorView> view = new AtomicReference<>();
    private final MutableClock alertClock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final BalancerAlerts alerts = new BalancerAlerts(new AlertEngine(BalancerAlerts.SOURCE, alertClock, List.of(),
            List.of()), alertClock, Duration.ofMinutes(5), Duration.ofSeconds(30));

    private SupervisorView start(Map<String, String> overrides) throws InterruptedException {
        Map<String, String> env = new HashMap<>(TestEnv.env(home, 1));
        env.put("FICHAS_BALANCER_ENABLED", "true"); // the factory below stands in for the real balancer
        env.putAll(overrides);
        TrafficGateFactory capturing = (backends, events, supervisorView) -> {
            view.set(supervisorView);
            return TrafficGate.none();
        };
        supervisor = new Supervisor(SupervisorConfig.load(Settings.of(env)), Clock.systemUTC(), capturing, s -> { });
        supervisor.start();
        supervisor.awaitStarted(Duration.ofSeconds(30));
        return view.get();
    }

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.stop();
        }
    }

    private ChildView only(SupervisorView v) {
        return v.children().get(0);
    }

    private List<String> activeRules() {
        return alerts.active().stream().map(Alert::rule).toList();
    }

    @Test
    void theBalancerSeesEachChildWithPidStateUptimeAndMemory() throws Exception {
        SupervisorView v = start(Map.of());
        ChildView c = only(v);
        assertThat(c.name()).isEqualTo("instance-" + c.id());
        assertThat(c.state()).isEqualTo("ONLINE");
        assertThat(c.pid()).isPositive();
        assertThat(c.uptimeSeconds()).isNotNull().isNotNegative();
        assertThat(c.restarts()).isZero();
        assertThat(c.crashes()).isZero();
        assertThat(c.healthy()).isTrue();
        if (Path.of("/proc/self/status").toFile().exists()) {
            assertThat(c.rssBytes()).isPositive();
        }
    }

    @Test
    void aKilledInstanceCountsAsACrashAndRaisesInstanceRestartedUntilItStaysHealthyFiveMinutes() throws Exception {
        SupervisorView v = start(Map.of());
        alerts.observeChildren(v.children());
        long first = only(v).pid();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> only(v).crashes() == 1);
        alerts.observeChildren(v.children());

        assertThat(activeRules()).containsExactly("instance_restarted");
        assertThat(alerts.active().get(0).message()).contains("exited with code 137");

        await().atMost(Duration.ofSeconds(10)).until(() -> "ONLINE".equals(only(v).state()) && only(v).healthy());
        alerts.observeChildren(v.children());
        alertClock.advance(Duration.ofMinutes(5));
        alerts.observeChildren(v.children());
        assertThat(activeRules()).isEmpty();
        assertThat(only(v).restarts()).isEqualTo(1);
    }

    @Test
    void aRestartAskedForThroughTheBalancerRunsInTheBackgroundAndRaisesNothing() throws Exception {
        SupervisorView v = start(Map.of());
        alerts.observeChildren(v.children());
        long first = only(v).pid();
        String id = only(v).id();

        assertThat(v.startRestart(id)).hasValue("instance-" + id);
        assertThat(v.startRestart("instance-1")).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> only(v).pid() != null && only(v).pid() != first
                && "ONLINE".equals(only(v).state()));
        alerts.observeChildren(v.children());

        assertThat(only(v).restarts()).isEqualTo(1);
        assertThat(only(v).crashes()).isZero();
        assertThat(alerts.recent()).isEmpty();
    }

    @Test
    void aSecondReloadIsRefusedWhileTheFirstRuns() throws Exception {
        SupervisorView v = start(Map.of());
        long first = only(v).pid();

        assertThat(v.startReload()).isTrue();
        assertThat(v.startReload()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> only(v).pid() != null && only(v).pid() != first
                && "ONLINE".equals(only(v).state()));
        await().atMost(Duration.ofSeconds(20)).until(v::startReload); // free again once the first has finished
    }

    @Test
    void anErroredInstanceRaisesInstanceErroredAsCritical() throws Exception {
        SupervisorView v = start(Map.of("FICHAS_INSTANCE_JVM_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
                + "-Dtest.child.mode=exit2", "FICHAS_RESTART_MAX_FAILURES", "2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ChildState.ERRORED.name().equals(only(v).state()));
        alerts.observeChildren(v.children());
        alerts.observeBackends(Map.of(only(v).id(), BackendStatus.UP));

        assertThat(alerts.active()).filteredOn(a -> a.rule().equals("instance_errored")).singleElement()
                .satisfies(a -> {
                    assertThat(a.severity().name()).isEqualTo("CRITICAL");
                    assertThat(a.message()).contains("exited with code 2");
                });
    }
}
