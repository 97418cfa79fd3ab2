package fichas.supervisor.cli;

import fichas.supervisor.control.Json;
import fichas.supervisor.status.InstanceStatus;
import fichas.supervisor.status.SupervisorStatus;
import fichas.supervisor.support.SupervisorProcess;
import fichas.supervisor.support.TestEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The supervisor as its own JVM, driven through the CLI as an operator would from another terminal. */
class SupervisorProcessTest {
    @TempDir
    Path home;
    private final List<SupervisorProcess> started = new ArrayList<>();
    private final List<Long> instancePids = new ArrayList<>();
    /** Settings of every daemon started, so that one is stopped even when an assertion failed before. */
    private final List<Map<String, String>> daemons = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Map<String, String> env : daemons) {
            CliRunner.run(env, "", "stop");
        }
        started.forEach(SupervisorProcess::kill);
        SupervisorProcess.alive(instancePids).forEach(ProcessHandle::destroyForcibly);
    }

    private SupervisorStatus status(Map<String, String> env) throws Exception {
        CliRunner.Result r = CliRunner.run(env, "", "status", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        SupervisorStatus s = Json.MAPPER.readValue(r.out(), SupervisorStatus.class);
        s.instances().stream().map(InstanceStatus::pid).filter(p -> p != null).forEach(instancePids::add);
        return s;
    }

    private CliRunner.Result startDaemon(Map<String, String> env) throws Exception {
        daemons.add(Map.copyOf(env));
        return CliRunner.run(env, "", "start", "--daemon");
    }

    private static List<Long> pids(SupervisorStatus s) {
        return s.instances().stream().map(InstanceStatus::pid).toList();
    }

    @Test
    void afterSigkillOfTheSupervisorNoInstanceIsLeftAndASecondStartWorks() throws Exception {
        Map<String, String> env = TestEnv.env(home, 2);
        SupervisorProcess first = SupervisorProcess.start(env, home.resolve("first.out"));
        started.add(first);
        first.awaitUp(Duration.ofSeconds(30));
        assertThat(first.output()).contains("FICHAS_INSTANCES", "instance-" + env.get("FICHAS_BASE_PORT") + " online");
        List<Long> orphans = pids(status(env));
        assertThat(orphans).hasSize(2).doesNotContainNull();

        first.kill();
        await().atMost(Duration.ofSeconds(5)).until(() -> SupervisorProcess.alive(orphans).isEmpty());

        SupervisorProcess second = SupervisorProcess.start(env, home.resolve("second.out"));
        started.add(second);
        second.awaitUp(Duration.ofSeconds(30));
        assertThat(status(env).allOnline()).isTrue();
    }

    @Test
    void statusRestartReloadAndStopWorkFromAnotherTerminal() throws Exception {
        Map<String, String> env = TestEnv.env(home, 2);
        SupervisorProcess sup = SupervisorProcess.start(env, home.resolve("sup.out"));
        started.add(sup);
        sup.awaitUp(Duration.ofSeconds(30));
        String first = "instance-" + env.get("FICHAS_BASE_PORT");

        CliRunner.Result table = CliRunner.run(env, "", "status");
        assertThat(table.out()).contains(first, "online", "up", "MB");

        List<Long> before = pids(status(env));
        CliRunner.Result restart = CliRunner.run(env, "", "restart", first);
        assertThat(restart.out()).contains(first + " is online.");
        assertThat(restart.exitCode()).isZero();
        assertThat(pids(status(env)).get(0)).isNotEqualTo(before.get(0));

        List<Long> beforeReload = pids(status(env));
        CliRunner.Result reload = CliRunner.run(env, "", "reload");
        assertThat(reload.out()).as(reload.err()).contains("Reload complete.");
        SupervisorStatus after = status(env);
        assertThat(after.allOnline()).isTrue();
        assertThat(pids(after)).doesNotContainAnyElementsOf(beforeReload);

        CliRunner.Result menu = CliRunner.run(env, "3\n8\n");
        assertThat(menu.out()).contains("Fichas admin menu", first, "online");

        CliRunner.Result stop = CliRunner.run(env, "", "stop");
        assertThat(stop.out()).contains("Fichas stopped.");
        assertThat(sup.process().isAlive()).isFalse();
        assertThat(sup.process().exitValue()).isZero();
        assertThat(SupervisorProcess.alive(pids(after))).isEmpty();
        assertThat(CliRunner.run(env, "", "status").exitCode()).isEqualTo(3);
    }

    @Test
    void startDaemonDetachesWaitsUntilHealthyAndStopEndsIt() throws Exception {
        Map<String, String> env = TestEnv.env(home, 2);
        CliRunner.Result start = startDaemon(env);
        assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
        assertThat(start.out()).contains("started in the background", "online on port", "Fichas is up");
        SupervisorStatus status = status(env);
        assertThat(status.allOnline()).isTrue();
        assertThat(home.resolve("logs/supervisor.out")).content().contains("Fichas is up");
        assertThat(home.resolve("logs/supervisor.log")).content().contains("\"message\":\"instance ");

        CliRunner.Result again = CliRunner.run(env, "", "start", "--daemon");
        assertThat(again.out()).contains("already running");

        assertThat(CliRunner.run(env, "", "stop").out()).contains("Fichas stopped.");
        assertThat(SupervisorProcess.alive(pids(status))).isEmpty();
    }

    @Test
    void aSecondForegroundStartIsRefusedWhileTheFirstRuns() throws Exception {
        Map<String, String> env = TestEnv.env(home, 1);
        SupervisorProcess sup = SupervisorProcess.start(env, home.resolve("one.out"));
        started.add(sup);
        sup.awaitUp(Duration.ofSeconds(30));
        status(env);
        SupervisorProcess dup = SupervisorProcess.start(env, home.resolve("two.out"));
        started.add(dup);
        dup.process().waitFor();
        assertThat(dup.process().exitValue()).isEqualTo(1);
        assertThat(dup.output()).contains("control port " + env.get("FICHAS_CONTROL_PORT") + " (FICHAS_CONTROL_PORT) is in use");
        assertThat(status(env).allOnline()).isTrue();
    }

    @Test
    void theStartLineNamesTheDashboardOnlyWhenThereIsABalancer() throws Exception {
        Map<String, String> env = TestEnv.env(home, 1);
        CliRunner.Result without = startDaemon(env);
        assertThat(without.out()).as(without.err()).contains("Fichas is up").doesNotContain("/dashboard");
        status(env);
        assertThat(CliRunner.run(env, "", "stop").exitCode()).isZero();

        env.put("FICHAS_BALANCER_ENABLED", "true");
        env.put("FICHAS_BALANCER_PORT", Integer.toString(TestEnv.freePort()));
        CliRunner.Result with = startDaemon(env);
        status(env);
        assertThat(with.out()).as(with.err())
                .contains("Dashboard: http://localhost:" + env.get("FICHAS_BALANCER_PORT") + "/dashboard");
        assertThat(CliRunner.run(env, "", "stop").exitCode()).isZero();
    }
}
