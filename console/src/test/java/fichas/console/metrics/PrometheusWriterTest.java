package fichas.console.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusWriterTest {

    @Test
    void aFamilyIsDeclaredOnceAndItsSamplesFollow() {
        String text = new PrometheusWriter()
                .family("x_total", "counter", "Things")
                .sample("x_total", 3, "backend", "8000")
                .sample("x_total", 4, "backend", "8001")
                .text();
        assertThat(text).isEqualTo("""
                # HELP x_total Things
                # TYPE x_total counter
                x_total{backend="8000"} 3
                x_total{backend="8001"} 4
                """);
    }

    @Test
    void labelValuesAreEscapedAndSpecialValuesSpelledAsPrometheusDoes() {
        String text = new PrometheusWriter()
                .family("g", "gauge", "a \\ help\nline")
                .sample("g", Double.NaN, "v", "a\"b\\c\nd")
                .sample("g", Double.POSITIVE_INFINITY, "v", "inf")
                .sample("g", 0.25, "v", "quarter")
                .text();
        assertThat(text).contains("# HELP g a \\\\ help\\nline\n")
                .contains("g{v=\"a\\\"b\\\\c\\nd\"} NaN\n")
                .contains("g{v=\"inf\"} +Inf\n")
                .contains("g{v=\"quarter\"} 0.25\n");
    }

    @Test
    void aRepeatedSeriesOrAnUndeclaredFamilyIsRefused() {
        PrometheusWriter w = new PrometheusWriter().family("g", "gauge", "h").sample("g", 1, "a", "1");
        assertThatThrownBy(() -> w.sample("g", 2, "a", "1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.sample("other", 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.family("g", "gauge", "again")).isInstanceOf(IllegalStateException.class);
    }
}
