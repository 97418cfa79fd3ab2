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

    static final String WITH_LOGINS = """
            timeStamp,elapsed,label,responseCode,success,failureMessage,allThreads
            1000,900,POST /auth/login,200,true,,1
            1100,800,POST /auth/login,200,true,,2
            2000,10,GET /producoes/tipos,200,true,,2
            2500,20,POST /clientes,201,true,,2
            3000,30,GET /clientes?q=,200,true,,2
            3990,10,POST /pedidos,500,false,expected HTTP 201,2
            """;

    @Test
    void reports_the_working_period_apart_from_the_logins() throws IOException {
        Path csv = dir.resolve("logins.csv");
        java.nio.file.Files.writeString(csv, WITH_LOGINS);

        Jtl jtl = Jtl.read(csv);

        assertThat(jtl.logins()).isEqualTo(new Jtl.Period(2, 0, 0.0, 2 / 0.9, 800, 900, 900));
        assertThat(jtl.working()).isEqualTo(new Jtl.Period(4, 1, 25.0, 4 / 2.0, 10, 30, 30));
    }
}
