package fichas.jmeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloGateTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private int run(String... args) {
        return SloGate.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void passes_a_run_within_its_gates_and_prints_the_summary_and_the_report_path() {
        Path jmeter = Fixtures.jmeterDir(dir, "stress");

        int status = run("--plan=stress", "--jmeter-dir=" + jmeter, "--max-error-pct=1", "--max-p95-ms=auto");

        assertThat(status).isEqualTo(SloGate.PASSED);
        assertThat(output())
                .contains("==== JMeter plan stress: PASSED ====")
                .contains("samples 1000   errors 2 (0.200 %)   throughput 16.7 req/s")
                .contains("p50 3   p90 20   p95 42   p99 120")
                .contains("gates        error rate <= 1 %, p95 <= 500 ms")
                .contains("POST /pedidos")
                .contains("by active threads")
                .contains("error rate past the gate from: 10-10 threads")
                .contains("p95 past the gate from:        never (held up to the highest band)")
                .contains("report       " + jmeter.resolve("reports/stress/index.html").toAbsolutePath());
    }

    @Test
    void shows_the_bands_of_active_threads_only_for_the_stress_plan() {
        Path jmeter = Fixtures.jmeterDir(dir, "load");

        run("--plan=load", "--jmeter-dir=" + jmeter, "--max-error-pct=1");

        assertThat(output()).contains("==== JMeter plan load: PASSED ====").doesNotContain("by active threads");
    }

    @Test
    void fails_when_a_gate_breaks_and_says_which() {
        Path jmeter = Fixtures.jmeterDir(dir, "smoke");

        int status = run("--plan=smoke", "--jmeter-dir=" + jmeter, "--max-error-pct=0", "--max-p95-ms=40");

        assertThat(status).isEqualTo(SloGate.FAILED);
        assertThat(output())
                .contains("==== JMeter plan smoke: FAILED ====")
                .contains("GATE FAILED  error rate 0.200 % > 0 %")
                .contains("GATE FAILED  p95 42.0 ms > 40 ms");
    }

    @Test
    void points_at_rate_limiting_when_responses_were_429() {
        Path jmeter = Fixtures.jmeterDir(dir, "smoke");

        run("--plan=smoke", "--jmeter-dir=" + jmeter);

        assertThat(output()).contains("RATE LIMITED 1 responses were 429").contains("FICHAS_RATELIMIT_ENABLED=false");
    }

    @Test
    void says_where_it_looked_when_there_is_no_report() {
        int status = run("--plan=smoke", "--jmeter-dir=" + dir.resolve("nothing"));

        assertThat(status).isEqualTo(SloGate.NO_REPORT);
        assertThat(output()).contains("no statistics.json under").contains("nothing");
    }

    @Test
    void refuses_a_threshold_that_is_not_a_number() {
        Path jmeter = Fixtures.jmeterDir(dir, "smoke");

        assertThat(run("--plan=smoke", "--jmeter-dir=" + jmeter, "--max-p95-ms=fast")).isEqualTo(SloGate.NO_REPORT);
        assertThat(output()).contains("maxP95Ms must be a number or \"auto\", but was \"fast\"");
    }

    @Test
    void gates_the_p95_of_the_working_period_with_the_logins_reported_apart_and_writes_gate_json() throws Exception {
        Path jmeter = Fixtures.jmeterDir(dir, "load");
        java.nio.file.Files.writeString(jmeter.resolve("results/load.csv"), JtlTest.WITH_LOGINS);

        int status = run("--plan=load", "--jmeter-dir=" + jmeter, "--max-error-pct=30", "--max-p95-ms=100");

        assertThat(status).as("the logins' 900 ms are not in the p95 gate").isEqualTo(SloGate.PASSED);
        assertThat(output()).contains("working      samples 4   errors 1 (25.000 %)   2.0 req/s   p50 10   p95 30")
                .contains("logins       samples 2   errors 0");
        var gate = new com.fasterxml.jackson.databind.ObjectMapper().readTree(jmeter.resolve("gate.json").toFile());
        assertThat(gate.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(gate.get("samples").asLong()).isEqualTo(4);
        assertThat(gate.get("p95_ms").asInt()).isEqualTo(30);
        assertThat(gate.get("logins").get("p95_ms").asInt()).isEqualTo(900);
        assertThat(gate.get("report").asText()).endsWith("index.html");

        printed.reset();
        assertThat(run("--plan=load", "--jmeter-dir=" + jmeter, "--max-error-pct=30", "--max-p95-ms=20"))
                .isEqualTo(SloGate.FAILED);
        assertThat(output()).contains("GATE FAILED  p95 30 ms > 20 ms (working period, logins apart)");
    }
}
