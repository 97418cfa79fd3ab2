package fichas.supervisor;

import fichas.supervisor.control.ControlClient;
import fichas.supervisor.status.InstanceStatus;
import fichas.supervisor.status.SupervisorStatus;
import fichas.supervisor.support.LoadClient;
import fichas.supervisor.support.WholeSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system: the supervisor JVM with the embedded balancer, three real instance JVMs over one SQLite file,
 * and client load through the balancer while instances die and reload.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemIT {
    private static final String PASSWORD = "system-test-password";
    @TempDir
    static Path home;
    private static WholeSystem system;
    private static ControlClient control;
    private static int balancerPort;

    @BeforeAll
    static void startTheSystem() throws Exception {
        Map<String, String> quickHungCheck = Map.of("FICHAS_HUNG_AFTER", "4s");
        system = WholeSystem.start(home, PASSWORD, quickHungCheck, Path.of("target", "system-it-logs"));
        control = system.control();
        balancerPort = system.balancerPort();
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    /**
     * How long a killed instance may take to be back before the test fails. The product's goal is 5 s (issue 12), but
     * it is a speed target, so a benchmark measures it (PERFORMANCE.md, "An instance after kill -9, under load"), not
     * this test: here the time is printed and only a restart that never comes fails. On a quiet machine it is 2.2–3.5 s;
     * a CI machine busy with this suite's own JVMs has taken 6.9 s (the standby JVM still starting after the reload
     * test), which is not a defect this test should fail a build over.
     */
    private static final Duration RESTART_BOUND = Duration.ofSeconds(30);

    /** Lets the load run until {@code more} further requests have succeeded (instead of a fixed sleep). */
    private static void awaitMoreRequests(LoadClient load, long more) {
        long target = load.succeeded() + more;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> load.succeeded() >= target);
    }

    private static List<Long> pids() throws Exception {
        return control.status().instances().stream().map(InstanceStatus::pid).toList();
    }

    @Test
    @Order(2)
    void killingAnInstanceUnderLoadFailsNoRequestAndItComesBack() throws Exception {
        long victim = pids().get(1);
        LoadClient load = LoadClient.start(balancerPort, PASSWORD, 4);
        Duration back;
        try {
            awaitMoreRequests(load, 50);
            long killed = System.nanoTime();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                InstanceStatus i = control.status().instances().get(1);
                return i.state().equals("online") && i.pid() != null && i.pid() != victim;
            });
            back = Duration.ofNanos(System.nanoTime() - killed);
            System.out.println("instance back and healthy " + back.toMillis() + " ms after kill -9");
            awaitMoreRequests(load, 100);
        } finally {
            load.close();
        }
        assertThat(load.failures()).isEmpty();
        assertThat(back).isLessThanOrEqualTo(RESTART_BOUND);
        assertThat(load.succeeded()).isGreaterThan(100);
        assertThat(load.posts()).isGreaterThan(20);
    }

    @Test
    @Order(1)
    void aRollingReloadUnderLoadFailsNoRequest() throws Exception {
        List<Long> before = pids();
        LoadClient load = LoadClient.start(balancerPort, PASSWORD, 4);
        try {
            awaitMoreRequests(load, 50);
            control.reload(Duration.ofMinutes(5));
            awaitMoreRequests(load, 50);
        } finally {
            load.close();
        }
        SupervisorStatus after = control.status();
        assertThat(after.allOnline()).isTrue();
        assertThat(pids()).doesNotContainAnyElementsOf(before);
        assertThat(load.failures()).isEmpty();
        assertThat(load.succeeded()).isGreaterThan(100);
    }

    @Test
    @Order(3)
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aStoppedInstanceUnderLoadIsEjectedAndRestartedAndNoRequestFails() throws Exception {
        long frozen = pids().get(0);
        LoadClient load = LoadClient.start(balancerPort, PASSWORD, 4);
        try {
            awaitMoreRequests(load, 50);
            new ProcessBuilder("kill", "-STOP", Long.toString(frozen)).start().waitFor();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                InstanceStatus i = control.status().instances().get(0);
                return i.state().equals("online") && i.pid() != null && i.pid() != frozen;
            });
            awaitMoreRequests(load, 100);
        } finally {
            load.close();
        }
        assertThat(ProcessHandle.of(frozen)).isEmpty();
        assertThat(control.status().instances().get(0).lastError()).startsWith("hung");
        assertThat(load.failures()).isEmpty();
    }

    /** The supervisor JVM runs with the usual umask 022 here (not through start.sh, which sets 077). */
    @Test
    @Order(4)
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void everyFileAndDirectoryTheSystemCreatedIsOwnerOnly() throws Exception {
        List<String> loose = new java.util.ArrayList<>();
        for (Path root : List.of(home.resolve("data"), home.resolve("logs"))) {
            try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    String mode = java.nio.file.attribute.PosixFilePermissions.toString(
                            java.nio.file.Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
                    if (!mode.substring(3).equals("------")) {
                        loose.add(home.relativize(p) + " " + mode);
                    }
                }
            }
        }
        assertThat(home.resolve("data/fichas.db")).exists();
        assertThat(home.resolve("data/supervisor.token")).exists();
        assertThat(loose).isEmpty();
    }
}
