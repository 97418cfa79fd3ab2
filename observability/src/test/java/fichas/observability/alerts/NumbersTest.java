package fichas.observability.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void alertMessagesShowAtMostThreeDecimalsAndNoTrailingZeros() {
        assertThat(Numbers.compact(0.93)).isEqualTo("0.93");
        assertThat(Numbers.compact(250.0)).isEqualTo("250");
        assertThat(Numbers.compact(0.123456)).isEqualTo("0.123");
        assertThat(Numbers.compact(-1.5)).isEqualTo("-1.5");
        assertThat(Numbers.compact(0.0)).isEqualTo("0");
        assertThat(Numbers.compact(1.5e20)).isEqualTo("1.5E+20");
        assertThat(Numbers.compact(Double.NaN)).isEqualTo("NaN");
    }
}
