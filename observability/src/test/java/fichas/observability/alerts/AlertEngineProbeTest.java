package fichas.observability.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import fichas.observability.testing.CapturedLogs;
import fichas.observability.testing.MutableClock;
import fichas.observability.testing.SettableProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AlertEngineProbeTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void aProbeThatThrowsCountsAsNoDataIsLoggedOnceAndDoesNotStopTheOtherRules() {
        AtomicBoolean broken = new AtomicBoolean(true);
        SettableProbe cpu = new SettableProbe();
        cpu.set(0.99);
        MetricProbe flaky = () -> {
            if (broken.get()) {
                throw new IllegalStateException("gauge gone");
            }
            return OptionalDouble.of(0.5);
        };
        List<ThresholdRule> rules = List.of(
                new ThresholdRule("error_rate_high", "Errors", Severity.CRITICAL, 0.05, Duration.ZERO, flaky),
                new ThresholdRule("cpu_high", "CPU", Severity.WARNING, 0.9, Duration.ZERO, cpu));
        AlertEngine engine = new AlertEngine("instance-8001", clock, rules, List.of());

        try (CapturedLogs logs = new CapturedLogs(AlertEngine.class)) {
            assertThatCode(() -> {
                engine.evaluate();
                engine.evaluate();
                engine.evaluate();
            }).doesNotThrowAnyException();

            assertThat(engine.active()).extracting(Alert::rule).containsExactly("cpu_high");
            assertThat(logs.at(Level.WARN)).filteredOn(e -> e.getFormattedMessage().contains("probe failed"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getFormattedMessage()).contains("rule=error_rate_high");
                        assertThat(e.getThrowableProxy().getMessage()).isEqualTo("gauge gone");
                    });

            broken.set(false);
            engine.evaluate();
            assertThat(engine.active()).extracting(Alert::rule).containsExactly("error_rate_high", "cpu_high");
            assertThat(logs.lines()).anyMatch(line -> line.equals("INFO alert probe recovered rule=error_rate_high"));
        }
    }

    @Test
    void aProbeThatFailsWhileItsAlertIsActiveResolvesIt() {
        AtomicBoolean broken = new AtomicBoolean(false);
        MetricProbe probe = () -> {
            if (broken.get()) {
                throw new IllegalStateException("scrape failed");
            }
            return OptionalDouble.of(0.5);
        };
        AlertEngine engine = new AlertEngine("balancer", clock,
                List.of(new ThresholdRule("error_rate_high", "Errors", Severity.CRITICAL, 0.05, Duration.ZERO, probe)),
                List.of());
        engine.evaluate();
        assertThat(engine.active()).hasSize(1);

        broken.set(true);
        engine.evaluate();
        assertThat(engine.active()).isEmpty();
    }

    @Test
    void aSlowProbeDoesNotHoldUpResolvingOrListingAlerts() throws Exception {
        CountDownLatch probeEntered = new CountDownLatch(1);
        CountDownLatch probeMayReturn = new CountDownLatch(1);
        MetricProbe slow = () -> {
            probeEntered.countDown();
            try {
                probeMayReturn.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return OptionalDouble.of(1.0);
        };
        AlertEngine engine = new AlertEngine("balancer", clock,
                List.of(new ThresholdRule("slow_rule", "Slow", Severity.WARNING, 0.5, Duration.ZERO, slow)), List.of());
        Alert event = engine.raise("backend_down", "8001", Severity.CRITICAL, "down");
        Thread evaluation = new Thread(engine::evaluate, "evaluation");
        evaluation.start();
        try {
            assertThat(probeEntered.await(10, TimeUnit.SECONDS)).isTrue();
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                assertThat(engine.resolve(event.id(), "ana")).isPresent();
                assertThat(engine.active()).isEmpty();
            });
        } finally {
            probeMayReturn.countDown();
            evaluation.join(10_000);
        }
        assertThat(engine.active()).extracting(Alert::rule).containsExactly("slow_rule");
    }

    @Test
    void logsRaisedAtWarnAndResolvedAtInfoWithKeyValueFields() {
        SettableProbe cpu = new SettableProbe();
        AlertEngine engine = new AlertEngine("instance-8001", clock,
                List.of(new ThresholdRule("cpu_high", "CPU above 90%", Severity.WARNING, 0.9, Duration.ZERO, cpu)),
                List.of());
        try (CapturedLogs logs = new CapturedLogs(AlertEngine.class)) {
            cpu.set(0.95);
            engine.evaluate();
            engine.resolve(1, "ana");

            assertThat(logs.lines()).containsExactly(
                    "WARN alert raised id=1 rule=cpu_high subject=instance-8001 severity=WARNING value=0.95"
                            + " threshold=0.9 message=CPU above 90% (value 0.95 > threshold 0.9)",
                    "INFO alert resolved id=1 rule=cpu_high subject=instance-8001 resolved_by=ana");
        }
    }
}
