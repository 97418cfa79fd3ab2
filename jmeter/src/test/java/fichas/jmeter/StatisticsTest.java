package fichas.jmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatisticsTest {

    @TempDir
    Path dir;

    @Test
    void reads_the_total_row_with_pct2_as_p95_and_pct3_as_p99() throws IOException {
        Statistics stats = Statistics.read(Fixtures.copy("statistics.json", dir.resolve("statistics.json")));

        Statistics.Row total = stats.total();
        assertThat(total.samples()).isEqualTo(1000);
        assertThat(total.errors()).isEqualTo(2);
        assertThat(total.errorPct()).isEqualTo(0.2);
        assertThat(total.p50Ms()).isEqualTo(3.0);
        assertThat(total.p90Ms()).isEqualTo(20.0);
        assertThat(total.p95Ms()).isEqualTo(42.0);
        assertThat(total.p99Ms()).isEqualTo(120.0);
        assertThat(total.throughput()).isEqualTo(16.7);
    }

    @Test
    void keeps_one_row_per_request_label_besides_the_total() throws IOException {
        Statistics stats = Statistics.read(Fixtures.copy("statistics.json", dir.resolve("statistics.json")));

        assertThat(stats.rows()).extracting(Statistics.Row::label)
                .containsExactly("GET /producoes/tipos", "POST /pedidos");
    }

    @Test
    void refuses_a_dashboard_without_a_total_row() throws IOException {
        Path empty = Files.writeString(dir.resolve("statistics.json"), "{}");

        assertThatThrownBy(() -> Statistics.read(empty)).isInstanceOf(IOException.class).hasMessageContaining("Total");
    }
}
