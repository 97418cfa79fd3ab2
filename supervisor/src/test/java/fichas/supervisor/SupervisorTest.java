package fichas.supervisor;

import fichas.supervisor.balance.TrafficGateFactory;
import fichas.supervisor.child.ChildSnapshot;
import fichas.supervisor.child.ChildState;
import fichas.core.config.Settings;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.process.PidFile;
import fichas.supervisor.process.PidRecord;
import fichas.supervisor.support.Http;
import fichas.supervisor.support.TestEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The supervisor in this JVM over real child JVMs (the JDK-only {@code TestInstance}). */
class SupervisorTest {
    @TempDir
    Path home;
    private Supervisor supervisor;

    private Map<String, String> env(int count) {
        return new HashMap<>(TestEnv.env(home, count));
    }

    private Supervisor start(Map<String, String> env) {
        SupervisorConfig config = SupervisorConfig.load(Settings.of(env));
        supervisor = new Supervisor(config, Clock.systemUTC(), TrafficGateFactory.none(), s -> { });
        supervisor.start();
        return supervisor;
    }

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.stop();
        }
    }

    private ChildSnapshot child(int index) {
        return supervisor.snapshots().get(index);
    }

    @Test
    void spawnsEachInstanceWithItsPortHeapAndEnvironmentAndCallsItOnlineOnlyOnceHealthAnswers() throws Exception {
        Map<String, String> env = env(2);
        start(env);
        assertThat(supervisor.awaitStarted(Duration.ofSeconds(30))).isTrue();
        int base = Integer.parseInt(env.get("FICHAS_BASE_PORT"));
        for (int i = 0; i < 2; i++) {
            ChildSnapshot c = child(i);
            assertThat(c.state()).isEqualTo(ChildState.ONLINE);
            assertThat(c.port()).isEqualTo(base + i);
            assertThat(Http.get(c.port(), "/health").statusCode()).isEqualTo(200);
            String childEnv = Http.get(c.port(), "/env").body();
            assertThat(childEnv).contains("FICHAS_PORT=" + (base + i), "FICHAS_INSTANCE_ID=" + (base + i),
                    "FICHAS_SUPERVISED=true", "FICHAS_PARENT_PID=" + ProcessHandle.current().pid(),
                    "FICHAS_DATA_DIR=" + home.resolve("data"), "FICHAS_LOG_DIR=" + home.resolve("logs"));
            assertThat(ProcessHandle.of(c.pid()).orElseThrow().info().arguments().orElseThrow()).contains("-Xmx32m");
        }
        assertThat(new PidFile(home.resolve("data/instances.pid")).read()).hasSize(2);
        assertThat(home.resolve("logs/instance-" + base + ".out")).content().contains("listening on " + base);
    }

    @Test
    void aKilledInstanceIsRestartedWithinFiveSeconds() throws Exception {
        start(env(1));
        assertThat(supervisor.awaitStarted(Duration.ofSeconds(30))).isTrue();
        long first = child(0).pid();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> child(0).state() == ChildState.ONLINE
                && child(0).pid() != null && child(0).pid() != first);
        assertThat(child(0).restarts()).isEqualTo(1);
        assertThat(child(0).lastExitCode()).isEqualTo(137);
        assertThat(Http.get(child(0).port(), "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aKilledInstanceIsTakenOverByTheStandbyJvmAndANewStandbyIsStarted() throws Exception {
        Map<String, String> env = env(1);
        env.put("FICHAS_INSTANCE_STANDBY", "true");
        start(env);
        assertThat(supervisor.awaitStarted(Duration.ofSeconds(30))).isTrue();
        PidFile pids = new PidFile(home.resolve("data/instances.pid"));
        await().atMost(Duration.ofSeconds(20)).until(() -> standbyPid(pids) != null
                && Files.readString(home.resolve("logs/instance-standby.out")).contains("standby waiting"));
        long standby = standbyPid(pids);
        long first = child(0).pid();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(5)).until(() -> child(0).state() == ChildState.ONLINE
                && child(0).pid() != null && child(0).pid() != first);
        assertThat(child(0).pid()).isEqualTo(standby);
        assertThat(Http.get(child(0).port(), "/health").body()).contains("\"instance\":\"" + child(0).id() + "\"");
        // its output became the instance's, the killed one's kept beside it
        String port = Integer.toString(child(0).port());
        assertThat(home.resolve("logs/instance-" + port + ".out")).content().contains("standby takes " + port);
        assertThat(home.resolve("logs/instance-" + port + ".out.1")).content().contains("listening on " + port);
        // a new standby is kept in reserve again, and the next kill is taken over by it
        await().atMost(Duration.ofSeconds(20)).until(() -> standbyPid(pids) != null && standbyPid(pids) != standby
                && ProcessHandle.of(standbyPid(pids)).isPresent());
        long second = standbyPid(pids);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Files.readString(home.resolve("logs/instance-standby.out")).contains("standby waiting"));
        ProcessHandle.of(standby).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> child(0).state() == ChildState.ONLINE
                && Long.valueOf(second).equals(child(0).pid()));
        assertThat(child(0).restarts()).isEqualTo(2);
    }

    private static Long standbyPid(PidFile pids) {
        return pids.read().stream().filter(r -> r.name().equals("standby")).map(r -> r.pid()).findFirst().orElse(null);
    }

    @Test
    void anInstanceThatExitsAtOnceBacksOffThenIsErroredAndStaysDown() throws Exception {
        Map<String, String> env = env(1);
        env.put("FICHAS_INSTANCE_JVM_OPTS", env.get("FICHAS_INSTANCE_JVM_OPTS") + " -Dtest.child.mode=exit2");
        env.put("FICHAS_RESTART_MAX_FAILURES", "4");
        start(env);
        assertThat(supervisor.awaitStarted(Duration.ofSeconds(20))).isFalse();
        ChildSnapshot c = child(0);
        assertThat(c.state()).isEqualTo(ChildState.ERRORED);
        assertThat(c.restarts()).isEqualTo(3);
        assertThat(c.lastExitCode()).isEqualTo(2);
        assertThat(c.lastError()).contains("exited with code 2", "4 failures");
        assertThat(c.lastLogLines()).contains("FICHAS_TEST_SETTING must be valid, but was 'nonsense'");
        Path out = home.resolve("logs/instance-" + c.id() + ".out");
        long attempts = Files.readAllLines(out).stream().filter(l -> l.contains("FICHAS_TEST_SETTING")).count();
        // no further attempt may come: errored means down for good
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> Files.readAllLines(out).stream().filter(l -> l.contains("FICHAS_TEST_SETTING")).count() == attempts);
        assertThat(Files.readAllLines(out).stream().filter(l -> l.contains("FICHAS_TEST_SETTING")).count()).isEqualTo(attempts).isEqualTo(4);
    }

    @Test
    void aPortHeldByAnotherProgramIsReportedByPortOnceAndNotCrashLoopedOn() throws Exception {
        Map<String, String> env = env(1);
        int port = Integer.parseInt(env.get("FICHAS_BASE_PORT"));
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            start(env);
            assertThat(supervisor.awaitStarted(Duration.ofSeconds(20))).isFalse();
            ChildSnapshot c = child(0);
            assertThat(c.state()).isEqualTo(ChildState.ERRORED);
            assertThat(c.lastExitCode()).isEqualTo(3);
            assertThat(c.lastError()).startsWith("port " + port + " is in use by");
            if (Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss"))) {
                assertThat(c.lastError()).contains("pid " + ProcessHandle.current().pid());
            }
            assertThat(c.restarts()).isZero();
        }
        // The port is free again: an operator's restart brings it up.
        assertThat(supervisor.restart("instance-" + port)).isEqualTo(ChildState.ONLINE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> supervisor.restart("nope"))
                .isInstanceOf(UnknownChildException.class).hasMessageContaining("known: [instance-" + port);
    }

    @Test
    void stopAsksEachInstanceInBandAndItExitsCleanly() throws Exception {
        start(env(1));
        assertThat(supervisor.awaitStarted(Duration.ofSeconds(30))).isTrue();
        ChildSnapshot before = child(0);
        supervisor.stop();
        assertThat(ProcessHandle.of(before.pid())).isEmpty();
        assertThat(child(0).state()).isEqualTo(ChildState.STOPPED);
        assertThat(child(0).lastExitCode()).isZero();
        assertThat(home.resolve("logs/instance-" + before.id() + ".out")).content().contains("stop requested");
        assertThat(home.resolve("data/instances.pid")).doesNotExist();
    }

    @Test
    void aRestartArrivingAfterTheStopStartsNothing() throws Exception {
        start(env(1));
        assertThat(supervisor.awaitStarted(Duration.ofSeconds(30))).isTrue();
        String name = child(0).name();
        supervisor.stop();

        // What a restart from the balancer's admin API, already on its way when the stop began, runs.
        supervisor.restart(name);
        assertThat(child(0).state()).isEqualTo(ChildState.STOPPED);
        assertThat(child(0).pid()).isNull();
    }

    @Test
    void leftoversOfAnEarlierRunAreStoppedAtStart() throws Exception {
        Map<String, String> env = env(1);
        // An instance whose supervisor vanished and which has not noticed: nobody watches it but the pid file.
        Process orphan = new ProcessBuilder(fichas.supervisor.process.InstanceCommand.javaExecutable(), "-cp",
                TestEnv.testClasses().toString(), fichas.supervisor.testchild.TestInstance.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        new PidFile(home.resolve("data/instances.pid")).write(List.of(PidRecord.of("8000", orphan.toHandle())));
        start(env);
        assertThat(orphan.isAlive()).isFalse();
        assertThat(supervisor.awaitStarted(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void anInstanceAliveButHungIsKilledAndRestarted() throws Exception {
        Map<String, String> env = env(1);
        env.put("FICHAS_HUNG_AFTER", "2s");
        start(env);
        assertThat(supervisor.awaitStarted(Duration.ofSeconds(30))).isTrue();
        long hung = child(0).pid();
        new ProcessBuilder("kill", "-STOP", Long.toString(hung)).start().waitFor();
        await().atMost(Duration.ofSeconds(10)).until(() -> child(0).state() == ChildState.ONLINE
                && child(0).pid() != null && child(0).pid() != hung);
        assertThat(ProcessHandle.of(hung)).isEmpty();
        assertThat(child(0).lastError()).startsWith("hung");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aBusyInstanceFailingHealthChecksGetsThreeTimesTheHungDelay() throws Exception {
        Map<String, String> env = env(1);
        env.put("FICHAS_HUNG_AFTER", "2s");
        start(env);
        assertThat(supervisor.awaitStarted(Duration.ofSeconds(30))).isTrue();
        long busy = child(0).pid();
        assertThat(Http.get(child(0).port(), "/overload").statusCode()).isEqualTo(200);
        long overloadedAt = System.nanoTime();
        // failing and busy: past the 2 s hung delay it is still the same process...
        await().atMost(Duration.ofSeconds(10)).until(() -> !child(0).healthy());
        await().pollDelay(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5))
                .until(() -> busy == (child(0).pid() == null ? -1 : child(0).pid()));
        // ...and it is killed once 3 x 2 s have passed, as overloaded, not hung
        await().atMost(Duration.ofSeconds(20)).until(() -> child(0).pid() != null && child(0).pid() != busy);
        assertThat((System.nanoTime() - overloadedAt) / 1_000_000).isGreaterThanOrEqualTo(5_000);
        assertThat(child(0).lastError()).startsWith("overloaded");
    }
}
