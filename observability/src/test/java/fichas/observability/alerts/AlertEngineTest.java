package fichas.observability.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.observability.testing.MutableClock;
import fichas.observability.testing.RecordingListener;
import fichas.observability.testing.SettableProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertEngineTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final SettableProbe errorRate = new SettableProbe();
    private final RecordingListener listener = new RecordingListener();

    private AlertEngine engineWithWindow(Duration window) {
        ThresholdRule rule = new ThresholdRule("error_rate_high", "Error rate above 5%", Severity.CRITICAL, 0.05,
                window, errorRate);
        return new AlertEngine("balancer", clock, List.of(rule), List.of(listener));
    }

    @Test
    void raisesOnlyOnceTheBreachHasLastedTheWindow() {
        AlertEngine engine = engineWithWindow(Duration.ofSeconds(60));
        errorRate.set(0.2);

        engine.evaluate();
        clock.advance(Duration.ofSeconds(59));
        engine.evaluate();
        assertThat(engine.active()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        engine.evaluate();
        assertThat(engine.active()).singleElement().satisfies(alert -> {
            assertThat(alert.rule()).isEqualTo("error_rate_high");
            assertThat(alert.subject()).isEqualTo("balancer");
            assertThat(alert.source()).isEqualTo("balancer");
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.value()).isEqualTo(0.2);
            assertThat(alert.threshold()).isEqualTo(0.05);
            assertThat(alert.raisedAt()).isEqualTo(START.plusSeconds(60));
            assertThat(alert.message()).isEqualTo("Error rate above 5% (value 0.2 > threshold 0.05)");
            assertThat(alert.active()).isTrue();
            assertThat(alert.id()).isPositive();
        });
        assertThat(listener.raised()).hasSize(1);
    }

    @Test
    void raisesAtTheFirstBreachingEvaluationWhenTheWindowIsZero() {
        AlertEngine engine = engineWithWindow(Duration.ZERO);
        errorRate.set(0.01);
        engine.evaluate();
        assertThat(engine.active()).isEmpty();

        errorRate.set(0.06);
        engine.evaluate();
        assertThat(engine.active()).hasSize(1);
    }

    @Test
    void aValueEqualToTheThresholdDoesNotBreach() {
        AlertEngine engine = engineWithWindow(Duration.ZERO);
        errorRate.set(0.05);
        engine.evaluate();
        assertThat(engine.active()).isEmpty();
    }

    @Test
    void raisesOneAlertPerBreachHoweverOftenItIsEvaluated() {
        AlertEngine engine = engineWithWindow(Duration.ofSeconds(10));
        errorRate.set(0.5);
        for (int i = 0; i < 20; i++) {
            engine.evaluate();
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(engine.active()).hasSize(1);
        assertThat(listener.events()).containsExactly("raised:1");
    }

    @Test
    void aBreachInterruptedBeforeTheWindowStartsCountingAgain() {
        AlertEngine engine = engineWithWindow(Duration.ofSeconds(60));
        errorRate.set(0.2);
        engine.evaluate();
        clock.advance(Duration.ofSeconds(40));
        errorRate.set(0.0);
        engine.evaluate();
        clock.advance(Duration.ofSeconds(10));
        errorRate.set(0.2);
        engine.evaluate();

        clock.advance(Duration.ofSeconds(59));
        engine.evaluate();
        assertThat(engine.active()).as("59 s into the second breach").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        engine.evaluate();
        assertThat(engine.active()).hasSize(1);
    }

    @Test
    void noDataNeitherStartsNorContinuesABreach() {
        AlertEngine engine = engineWithWindow(Duration.ofSeconds(60));
        errorRate.set(0.2);
        engine.evaluate();
        clock.advance(Duration.ofSeconds(30));
        errorRate.noData();
        engine.evaluate();
        clock.advance(Duration.ofSeconds(30));
        errorRate.set(0.2);
        engine.evaluate();
        assertThat(engine.active()).isEmpty();

        errorRate.set(Double.NaN);
        clock.advance(Duration.ofSeconds(60));
        engine.evaluate();
        assertThat(engine.active()).as("NaN is no data either").isEmpty();
    }

    @Test
    void resolvesByItselfAtTheFirstEvaluationThatDoesNotBreach() {
        AlertEngine engine = engineWithWindow(Duration.ZERO);
        errorRate.set(0.2);
        engine.evaluate();
        long id = engine.active().get(0).id();

        clock.advance(Duration.ofSeconds(5));
        errorRate.set(0.01);
        engine.evaluate();

        assertThat(engine.active()).isEmpty();
        Alert resolved = engine.find(id).orElseThrow();
        assertThat(resolved.active()).isFalse();
        assertThat(resolved.resolvedBy()).isEqualTo("auto");
        assertThat(resolved.resolvedAt()).isEqualTo(START.plusSeconds(5));
        assertThat(listener.events()).containsExactly("raised:" + id, "resolved:" + id);
        assertThat(listener.resolved()).containsExactly(resolved);
    }

    @Test
    void aRuleResolvedByHandWhileBreachingStaysQuietUntilItHasClearedOnce() {
        AlertEngine engine = engineWithWindow(Duration.ZERO);
        errorRate.set(0.2);
        engine.evaluate();
        long first = engine.active().get(0).id();

        clock.advance(Duration.ofSeconds(1));
        Alert resolved = engine.resolve(first, "ana").orElseThrow();
        assertThat(resolved.resolvedBy()).isEqualTo("ana");
        assertThat(resolved.resolvedAt()).isEqualTo(START.plusSeconds(1));

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            engine.evaluate();
        }
        assertThat(engine.active()).as("still breaching, already handled").isEmpty();

        errorRate.set(0.0);
        engine.evaluate();
        errorRate.set(0.2);
        engine.evaluate();
        assertThat(engine.active()).singleElement().extracting(Alert::id).isNotEqualTo(first);
        assertThat(listener.events()).containsExactly("raised:1", "resolved:1", "raised:2");
    }

    @Test
    void resolvingByHandAnUnknownIdFindsNothingAndAResolvedAlertIsReturnedAsItIs() {
        AlertEngine engine = engineWithWindow(Duration.ZERO);
        assertThat(engine.resolve(42, "ana")).isEmpty();

        Alert alert = engine.raise("backend_down", "8001", Severity.CRITICAL, "backend 8001 DOWN");
        Alert byAna = engine.resolve(alert.id(), "ana").orElseThrow();
        clock.advance(Duration.ofSeconds(3));

        assertThat(engine.resolve(alert.id(), "bea")).contains(byAna);
        assertThat(listener.resolved()).hasSize(1);
        assertThatThrownBy(() -> engine.resolve(alert.id(), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolvedBy");
    }

    @Test
    void anEventAlertIsRaisedOncePerRuleAndSubjectUntilCleared() {
        AlertEngine engine = engineWithWindow(Duration.ZERO);
        Alert first = engine.raise("backend_down", "8001", Severity.CRITICAL, "backend 8001 DOWN");
        clock.advance(Duration.ofSeconds(5));
        Alert again = engine.raise("backend_down", "8001", Severity.WARNING, "backend 8001 still DOWN");
        Alert other = engine.raise("backend_down", "8002", Severity.CRITICAL, "backend 8002 DOWN");

        assertThat(again).isEqualTo(first);
        assertThat(first.value()).isNaN();
        assertThat(first.threshold()).isNaN();
        assertThat(first.subject()).isEqualTo("8001");
        assertThat(first.source()).isEqualTo("balancer");
        assertThat(engine.active()).containsExactly(other, first);

        Alert cleared = engine.clear("backend_down", "8001").orElseThrow();
        assertThat(cleared.id()).isEqualTo(first.id());
        assertThat(cleared.resolvedBy()).isEqualTo("auto");
        assertThat(engine.clear("backend_down", "8001")).isEmpty();
        assertThat(engine.clear("never_raised", "8001")).isEmpty();

        Alert next = engine.raise("backend_down", "8001", Severity.CRITICAL, "backend 8001 DOWN again");
        assertThat(next.id()).isGreaterThan(other.id());
        assertThat(listener.events()).containsExactly("raised:1", "raised:2", "resolved:1", "raised:3");
    }

    @Test
    void anEventAlertResolvedByHandCanBeRaisedAgain() {
        AlertEngine engine = engineWithWindow(Duration.ZERO);
        Alert first = engine.raise("backend_down", "8001", Severity.CRITICAL, "backend 8001 DOWN");
        engine.resolve(first.id(), "ana");

        assertThat(engine.clear("backend_down", "8001")).isEmpty();
        assertThat(engine.raise("backend_down", "8001", Severity.CRITICAL, "DOWN").id()).isNotEqualTo(first.id());
    }

    @Test
    void listsActiveAndRecentAlertsNewestFirstAndFindsThemById() {
        AlertEngine engine = engineWithWindow(Duration.ZERO);
        Alert a = engine.raise("backend_down", "8001", Severity.CRITICAL, "down");
        clock.advance(Duration.ofSeconds(1));
        errorRate.set(1.0);
        engine.evaluate();
        Alert b = engine.active().get(0);
        clock.advance(Duration.ofSeconds(1));
        Alert c = engine.raise("backend_down", "8002", Severity.CRITICAL, "down");
        Alert aResolved = engine.clear("backend_down", "8001").orElseThrow();

        assertThat(engine.active()).containsExactly(c, b);
        assertThat(engine.recent()).containsExactly(c, b, aResolved);
        assertThat(engine.find(a.id())).contains(aResolved);
        assertThat(engine.find(b.id())).contains(b);
        assertThat(engine.find(999)).isEmpty();
        assertThat(List.of(a.id(), b.id(), c.id())).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void keepsTheLast200ResolvedAlerts() {
        AlertEngine engine = engineWithWindow(Duration.ZERO);
        for (int i = 1; i <= 250; i++) {
            engine.raise("backend_down", "b" + i, Severity.WARNING, "down");
            engine.clear("backend_down", "b" + i);
        }
        Alert stillActive = engine.raise("backend_down", "last", Severity.WARNING, "down");

        List<Alert> recent = engine.recent();
        assertThat(recent).hasSize(201);
        assertThat(recent.get(0)).isEqualTo(stillActive);
        assertThat(recent.get(1).id()).isEqualTo(250);
        assertThat(recent.get(200).id()).isEqualTo(51);
        assertThat(engine.find(50)).isEmpty();
        assertThat(engine.find(51)).isPresent();
        assertThat(engine.resolve(50, "ana")).isEmpty();
    }

    @Test
    void aFailingListenerNeitherReachesTheCallerNorStopsTheOtherListeners() {
        AlertListener broken = new AlertListener() {
            @Override
            public void raised(Alert alert) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void resolved(Alert alert) {
                throw new IllegalStateException("listener bug");
            }
        };
        ThresholdRule rule = new ThresholdRule("error_rate_high", "Error rate above 5%", Severity.CRITICAL, 0.05,
                Duration.ZERO, errorRate);
        AlertEngine engine = new AlertEngine("balancer", clock, List.of(rule), List.of(broken, listener));

        errorRate.set(0.9);
        engine.evaluate();
        errorRate.set(0.0);
        engine.evaluate();
        Alert event = engine.raise("backend_down", "8001", Severity.CRITICAL, "down");
        engine.resolve(event.id(), "ana");

        assertThat(listener.events()).containsExactly("raised:1", "resolved:1", "raised:2", "resolved:2");
    }

    @Test
    void rejectsABlankSourceAndRulesWithTheSameName() {
        ThresholdRule rule = new ThresholdRule("cpu_high", "CPU", Severity.WARNING, 0.9, Duration.ZERO, errorRate);
        assertThatThrownBy(() -> new AlertEngine(" ", clock, List.of(rule), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> new AlertEngine("balancer", clock, List.of(rule, rule), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu_high");
    }

    @Test
    void aNewEngineHasNoAlerts() {
        AlertEngine engine = new AlertEngine("instance-8001", clock, List.of(), List.of());
        engine.evaluate();
        assertThat(engine.active()).isEmpty();
        assertThat(engine.recent()).isEmpty();
        assertThat(engine.find(1)).isEqualTo(Optional.empty());
    }
}
