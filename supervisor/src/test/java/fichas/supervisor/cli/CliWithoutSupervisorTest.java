package fichas.supervisor.cli;

import fichas.supervisor.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI when nothing runs: clear messages, script-friendly exit codes, and the menu loop. */
class CliWithoutSupervisorTest {
    @TempDir
    Path home;

    private Map<String, String> env() {
        return TestEnv.env(home, 2);
    }

    @Test
    void statusSaysFichasIsNotRunningWithExitCode3() {
        CliRunner.Result r = CliRunner.run(env(), "", "status");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("Fichas is not running");
    }

    @Test
    void aBadSettingIsReportedByKeyWithExitCode2() {
        Map<String, String> env = new java.util.HashMap<>(env());
        env.put("FICHAS_INSTANCES", "0");
        CliRunner.Result r = CliRunner.run(env, "", "status");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("FICHAS_INSTANCES must be between 1 and 16, but was 0");
    }

    @Test
    void unknownCommandsPrintTheUsage() {
        CliRunner.Result r = CliRunner.run(env(), "", "frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'frobnicate'", "restart NAME");
    }

    @Test
    void theMenuListsEveryEntryRejectsNonsenseAndExits() {
        CliRunner.Result r = CliRunner.run(env(), "42\nstatus\nq\n");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("1) Start Fichas", "2) Stop Fichas", "3) Status", "4) Rolling reload",
                "5) Restart one instance", "6) Follow logs", "7) Run a load test", "8) Take a backup now",
                "9) Restore a backup", "10) Reset the admin password", "11) Exit");
        assertThat(r.out()).contains("Please enter a number from 1 to " + MenuChoice.values().length + ".");
        assertThat(r.err()).contains("Fichas is not running");
    }

    @Test
    void theMenuEndsAtEndOfInput() {
        assertThat(CliRunner.run(env(), "").exitCode()).isZero();
    }

    @Test
    void theMenuAsksWhichInstanceToRestart() {
        CliRunner.Result r = CliRunner.run(env(), "5\ninstance-8001\n8\n");
        assertThat(r.out()).contains("Instance name (e.g. instance-8001): ", "Restarting instance-8001...");
        assertThat(r.err()).contains("Fichas is not running");
    }

    @Test
    void logsWithoutFollowPrintTheLastLinesOfEachFile() throws Exception {
        Path logs = Files.createDirectories(home.resolve("logs"));
        Files.writeString(logs.resolve("instance-8000.out"), "one\ntwo\nthree\n");
        Files.writeString(logs.resolve("supervisor.log"), "{\"message\":\"hello\"}\n");
        CliRunner.Result all = CliRunner.run(env(), "", "logs", "--no-follow", "--lines", "2");
        assertThat(all.out()).contains("[instance-8000.out] two", "[instance-8000.out] three", "[supervisor.log] {\"message\":\"hello\"}")
                .doesNotContain("one");
        CliRunner.Result one = CliRunner.run(env(), "", "logs", "instance-8000", "--no-follow");
        assertThat(one.out()).isEqualTo("one\ntwo\nthree\n".replace("\n", System.lineSeparator()));
        Files.writeString(logs.resolve("balancer.out"), "{\"message\":\"proxying\"}\n");
        assertThat(CliRunner.run(env(), "", "logs", "balancer", "--no-follow").out())
                .isEqualTo("{\"message\":\"proxying\"}" + System.lineSeparator());
        assertThat(CliRunner.run(env(), "", "logs", "--no-follow").out()).contains("[balancer.out] {\"message\":\"proxying\"}");
    }

    @Test
    void argumentsACommandDoesNotTakeAreBadUsageNotIgnored() {
        for (String[] args : new String[][] {{"stop", "--now"}, {"status", "extra"}, {"backup", "extra"},
                {"restart", "a", "b"}, {"reset-admin-password", "extra"}, {"start", "--bogus"},
                {"logs", "--bogus"}, {"logs", "a", "b"}}) {
            CliRunner.Result r = CliRunner.run(env(), "", args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).containsAnyOf("does not take", "takes");
        }
        assertThat(Cli.unexpectedArguments("start", java.util.List.of("--daemon"))).isEmpty();
        assertThat(Cli.unexpectedArguments("status", java.util.List.of("--json"))).isEmpty();
        assertThat(Cli.unexpectedArguments("restart", java.util.List.of("instance-8001"))).isEmpty();
        assertThat(Cli.unexpectedArguments("restore", java.util.List.of("x.zip", "--yes"))).isEmpty();
    }

    @Test
    void loadtestExplainsWhenTheJMeterModuleIsNotThere() {
        CliRunner.Result r = CliRunner.run(env(), "", "loadtest", "smoke");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Load tests are not available yet", "jmeter/pom.xml");
    }

    @Test
    void loadtestBuildsTheMavenCommandWithThePlanAndProperties() {
        LoadTestCommand cmd = new LoadTestCommand(null, home, home.resolve("data"));
        assertThat(cmd.command("load", java.util.List.of("threads=50", "duration=60")))
                .endsWith("-B", "-f", "jmeter/pom.xml", "clean", "verify", "-Pjmeter", "-Dplan=load", "-Dthreads=50", "-Dduration=60");
    }
}
