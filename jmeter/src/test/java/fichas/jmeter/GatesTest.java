package fichas.jmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GatesTest {

    private static Statistics.Row total(long samples, long errors, double p95) {
        return new Statistics.Row("Total", samples, errors, 100.0 * errors / samples, 1, 1, 1, p95, p95, p95, 1);
    }

    @Test
    void auto_takes_the_plan_default_p95_and_no_errors() {
        assertThat(Gates.of("smoke", "auto", "auto")).isEqualTo(new Gates(0, 100));
        assertThat(Gates.of("pcs25", null, "")).isEqualTo(new Gates(0, 100));
        assertThat(Gates.of("stress", "auto", "auto").maxP95Ms()).isEqualTo(500);
        assertThat(Gates.of("a-plan-of-my-own", "auto", "auto").maxP95Ms()).isEqualTo(Gates.FALLBACK_P95_MS);
    }

    @Test
    void given_values_win_over_the_plan_default() {
        assertThat(Gates.of("smoke", "0.1", "50")).isEqualTo(new Gates(0.1, 50));
    }

    @Test
    void a_run_within_both_gates_has_no_failures() {
        assertThat(new Gates(0, 100).failures(total(1000, 0, 99.9))).isEmpty();
    }

    @Test
    void a_single_failed_sample_breaks_the_default_error_gate() {
        assertThat(new Gates(0, 100).failures(total(1000, 1, 5)))
                .singleElement().asString().startsWith("error rate 0.100 % > 0 %").contains("1 of 1000");
    }

    @Test
    void a_slow_p95_breaks_the_latency_gate() {
        assertThat(new Gates(0, 100).failures(total(1000, 0, 100.5)))
                .containsExactly("p95 100.5 ms > 100 ms");
    }

    @Test
    void both_gates_can_break_at_once() {
        assertThat(new Gates(0.1, 50).failures(total(100, 10, 80))).hasSize(2);
    }

    @Test
    void rejects_values_that_are_not_numbers_naming_the_knob() {
        assertThatThrownBy(() -> Gates.of("smoke", "none", "auto"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxErrorPct must be a number or \"auto\", but was \"none\"");
    }

    @Test
    void rejects_impossible_thresholds() {
        assertThatThrownBy(() -> new Gates(-1, 100)).hasMessage("maxErrorPct must be within 0..100, but was -1.0");
        assertThatThrownBy(() -> new Gates(0, 0)).hasMessage("maxP95Ms must be > 0, but was 0.0");
    }
}
