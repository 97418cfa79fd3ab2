package fichas.supervisor.cli;

import fichas.core.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loadtest} on a default install: the admin password and the port found by itself, and the closing summary. */
class LoadTestCommandTest {
    @TempDir
    Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private LoadTestCommand command(Map<String, String> env) {
        Console console = new Console(Settings.of(env), new BufferedReader(new StringReader("")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new LoadTestCommand(console, home, home.resolve("data"));
    }

    @Test
    void anUnknownPlanIsBadUsageNamingThePlansAndRunsNothing() throws Exception {
        Files.createDirectories(home.resolve("jmeter/src/test/jmeter"));
        Files.writeString(home.resolve("jmeter/pom.xml"), "<profile><id>jmeter</id></profile>");
        Files.writeString(home.resolve("jmeter/src/test/jmeter/smoke.jmx"), "<jmeterTestPlan/>");
        Files.writeString(home.resolve("jmeter/src/test/jmeter/load.jmx"), "<jmeterTestPlan/>");

        assertThat(command(Map.of()).run("nosuchplan", List.of())).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("unknown load test plan 'nosuchplan'; the plans are: load, smoke").doesNotContain("Running:");
        assertThat(command(Map.of()).plans()).containsExactly("load", "smoke");
    }

    @Test
    void thePasswordComesFromTheSettingFirst() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/initial-admin-password"), "from-the-file\n");
        List<String> props = command(Map.of("FICHAS_ADMIN_PASSWORD", "from-the-env", "FICHAS_BALANCER_PORT", "9300"))
                .withDefaults(List.of("threads=5"));
        assertThat(props).containsExactly("threads=5", "port=9300", "adminPassword=from-the-env");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("password from FICHAS_ADMIN_PASSWORD")
                .doesNotContain("from-the-env");
    }

    @Test
    void withoutTheSettingThePasswordIsReadFromTheFileTheFirstStartWrote() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/initial-admin-password"), "  s3cret-generated \n");
        assertThat(command(Map.of()).withDefaults(List.of()))
                .containsExactly("port=9000", "adminPassword=s3cret-generated");
    }

    @Test
    void givenValuesWinAndNothingFoundIsSaidWithWhereItLooked() {
        assertThat(command(Map.of()).withDefaults(List.of("port=1234", "adminPassword=given")))
                .containsExactly("port=1234", "adminPassword=given");
        assertThat(command(Map.of()).withDefaults(List.of())).containsExactly("port=9000");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("No admin password found")
                .contains("initial-admin-password");
    }

    @Test
    void thePrintedCommandMasksThePassword() {
        assertThat(LoadTestCommand.masked(List.of("mvnw", "-Dplan=load", "-DadminPassword=secret")))
                .containsExactly("mvnw", "-Dplan=load", "-DadminPassword=****");
    }

    @Test
    void theSummaryShowsTheWorkingPeriodTheLoginsApartTheVerdictAndTheReport() throws Exception {
        Path gate = home.resolve("gate.json");
        Files.writeString(gate, """
                {"plan":"load","verdict":"FAILED","samples":120000,"errors":3,"error_pct":0.0025,"throughput":1012.34,
                 "p50_ms":12,"p95_ms":480,"p99_ms":950.5,
                 "logins":{"samples":1000,"errors":0,"per_second":49.9,"p95_ms":2100},
                 "failures":["p95 480 ms > 200 ms (working period, logins apart)"],
                 "report":"/x/jmeter/target/jmeter/reports/load/index.html"}
                """);
        assertThat(LoadTestSummary.lines(gate)).containsExactly(
                "Load test 'load': FAILED",
                "  working period: 120000 samples, 3 errors (0.003 %), 1012.3 req/s",
                "  latency p50 12 ms, p95 480 ms, p99 950.5 ms",
                "  logins (apart): 1000, 0 errors, 49.9/s, p95 2100 ms",
                "  gate failed: p95 480 ms > 200 ms (working period, logins apart)",
                "  report: /x/jmeter/target/jmeter/reports/load/index.html");
    }

    @Test
    void aRunWithoutLoginsShowsAllSamplesAndAMissingFileIsSaid() throws Exception {
        Path gate = home.resolve("gate.json");
        Files.writeString(gate, """
                {"plan":"smoke","verdict":"PASSED","samples":300,"errors":0,"error_pct":0.0,"throughput":20.0,
                 "p50_ms":3.0,"p95_ms":9.0,"p99_ms":15.0,"logins":null,"failures":[],"report":"/r/index.html"}
                """);
        assertThat(LoadTestSummary.lines(gate)).containsExactly(
                "Load test 'smoke': PASSED",
                "  300 samples, 0 errors (0.000 %), 20.0 req/s",
                "  latency p50 3 ms, p95 9 ms, p99 15 ms",
                "  report: /r/index.html");
        assertThat(LoadTestSummary.lines(home.resolve("none.json"))).singleElement().asString()
                .startsWith("No summary: the run left no");
    }
}
