package fichas.supervisor.support;

import fichas.supervisor.control.ControlClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The whole system as {@code start.sh} runs it, from the built jars: a foreground supervisor JVM with the embedded
 * balancer on a free loopback port (rate limit off), and three real instance JVMs
 * ({@code instance/target/fichas-instance.jar}) over one SQLite file in {@code home}, the control port and the
 * instances' ports free ones too. {@link #start} returns once the supervisor prints "Fichas is up" (its start is
 * over; tests check the instances' states themselves); {@link #close()} stops it through the control port, kills
 * it if that fails, and keeps the logs. Not thread-safe: one test class owns it, from {@code @BeforeAll} to
 * {@code @AfterAll}.
 */
public final class WholeSystem implements AutoCloseable {
    public static final int INSTANCES = 3;
    private static final Duration UP_WITHIN = Duration.ofSeconds(120);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(60);

    private final Path home;
    private final Path keepLogsIn;
    private final SupervisorProcess supervisor;
    private final ControlClient control;
    private final int balancerPort;

    private WholeSystem(Path home, Path keepLogsIn, SupervisorProcess supervisor, ControlClient control,
                        int balancerPort) {
        this.home = home;
        this.keepLogsIn = keepLogsIn;
        this.supervisor = supervisor;
        this.control = control;
        this.balancerPort = balancerPort;
    }

    /**
     * Starts the system and waits until it is up. Aborts the calling test (an assumption, not a failure) when the
     * instance jar is not built, as under {@code ./mvnw test}; the jars exist from the package phase on.
     *
     * @param home           a fresh directory: data, logs, the supervisor's output
     * @param adminPassword  the initial admin's password, for clients that log in
     * @param settings       settings (FICHAS_* keys) added to, or replacing, the ones described above
     * @param keepLogsIn     where {@link #close()} copies the logs and the supervisor's output ({@code target/...})
     */
    public static WholeSystem start(Path home, String adminPassword, Map<String, String> settings, Path keepLogsIn)
            throws IOException {
        Path jar = Path.of(System.getProperty("fichas.repo.root", "..")).resolve("instance/target/fichas-instance.jar");
        assumeThat(Files.isRegularFile(jar)).as("the instance jar %s is built", jar).isTrue();
        Map<String, String> env = TestEnv.env(home, INSTANCES);
        env.remove("FICHAS_INSTANCE_CLASSPATH");
        env.remove("FICHAS_INSTANCE_MAIN_CLASS");
        env.put("FICHAS_INSTANCE_JAR", jar.toAbsolutePath().normalize().toString());
        env.put("FICHAS_INSTANCE_HEAP", "128m");
        env.put("FICHAS_INSTANCE_JVM_OPTS", "-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
        env.put("FICHAS_START_TIMEOUT", "90s");
        env.put("FICHAS_ADMIN_PASSWORD", adminPassword);
        env.put("FICHAS_BALANCER_ENABLED", "true");
        int balancerPort = TestEnv.freePort();
        env.put("FICHAS_BALANCER_PORT", Integer.toString(balancerPort));
        env.put("FICHAS_BALANCER_BIND_ADDRESS", "127.0.0.1");
        // Test clients send far more than the production limit allows from one address.
        env.put("FICHAS_RATELIMIT_ENABLED", "false");
        env.putAll(settings);

        SupervisorProcess supervisor = SupervisorProcess.start(env, home.resolve("supervisor.out"));
        ControlClient control = new ControlClient(Integer.parseInt(env.get("FICHAS_CONTROL_PORT")),
                home.resolve("data/supervisor.token"));
        WholeSystem system = new WholeSystem(home, keepLogsIn, supervisor, control, balancerPort);
        try {
            supervisor.awaitUp(UP_WITHIN);
        } catch (IOException | RuntimeException | Error e) {
            // The caller never gets the object, so nothing else would stop what did start.
            try {
                system.close();
            } catch (IOException | RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        return system;
    }

    public int balancerPort() {
        return balancerPort;
    }

    /** The supervisor's control API: status, reload, restart, stop. */
    public ControlClient control() {
        return control;
    }

    /**
     * Stops the supervisor (which stops its instances) through the control port and waits for it to exit; kills it
     * when the stop fails or takes longer than a minute. Then copies the logs to {@code keepLogsIn}.
     */
    @Override
    public void close() throws IOException {
        try {
            if (supervisor.process().isAlive()) {
                control.stop();
                supervisor.process().waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            supervisor.kill();
            keepLogs();
        }
    }

    private void keepLogs() throws IOException {
        Files.createDirectories(keepLogsIn);
        Path output = home.resolve("supervisor.out");
        if (Files.isRegularFile(output)) {
            Files.copy(output, keepLogsIn.resolve(output.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isDirectory(home.resolve("logs"))) {
            try (var files = Files.list(home.resolve("logs"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, keepLogsIn.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
