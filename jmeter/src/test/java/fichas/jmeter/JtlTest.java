package fichas.jmeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JtlTest {

    @TempDir
    Path dir;

    private Jtl sample() throws IOException {
        return Jtl.read(Fixtures.copy("results.csv", dir.resolve("results.csv")));
    }

    @Test
    void counts_every_sample_by_response_code() throws IOException {
        Jtl jtl = sample();

        assertThat(jtl.samples()).isEqualTo(5);
        assertThat(jtl.codes()).containsEntry("200", 2L).containsEntry("201", 2L).containsEntry("429", 1L);
    }

    @Test
    void names_each_failure_by_request_and_reads_quoted_messages_with_commas_quotes_and_line_breaks() throws IOException {
        assertThat(sample().failureMessages()).containsOnlyKeys(
                "POST /pedidos: expected HTTP 201, got \"429\"",
                "POST /pedidos: Value expected to be 'recebido',\nbut found 'x'");
    }

    @Test
    void groups_samples_by_active_threads_with_error_rate_and_p95() throws IOException {
        List<Jtl.Band> bands = sample().bands(5);

        assertThat(bands).containsExactly(
                new Jtl.Band(1, 2, 2, 0.0, 20),
                new Jtl.Band(9, 10, 3, 100.0 * 2 / 3, 50));
    }

    @Test
    void percentile_is_the_nearest_rank() {
        List<Integer> sorted = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

        assertThat(Jtl.percentile(sorted, 50)).isEqualTo(5);
        assertThat(Jtl.percentile(sorted, 95)).isEqualTo(10);
        assertThat(Jtl.percentile(List.of(), 95)).isZero();
    }
}
