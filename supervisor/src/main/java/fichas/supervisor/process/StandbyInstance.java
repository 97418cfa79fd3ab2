package fichas.supervisor.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One pre-started instance JVM kept in reserve ({@code FICHAS_INSTANCE_STANDBY}, on by default): the instance
 * command with {@code FICHAS_STANDBY=true} and no port of its own. It loads and initialises its libraries, then
 * waits on stdin without binding a port or opening the database (docs/CONTRACTS.md). When an instance
 * exits unexpectedly, {@link #take} hands it that instance's id and port ({@code take <id> <port>}) instead of
 * starting a new JVM: the restart is then the instance's own start (database, server), not a JVM's start and
 * class loading on cores busy with the load. A new standby is started {@link #refillDelay} later.
 *
 * <p>Its output goes to {@code logs/instance-standby.out}; when taken, that file becomes the instance's
 * {@code instance-<id>.out} (renamed, the open file stays the same) and the previous one is kept as
 * {@code instance-<id>.out.1}. A standby of an older jar (rebuilt since) is not used. Thread-safe.
 */
public final class StandbyInstance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StandbyInstance.class);
    public static final String ID = "standby";

    private final ChildLauncher launcher;
    private final ChildSpec spec;
    private final Path jar;
    private final ScheduledExecutorService scheduler;
    private final Duration refillDelay;
    private final Consumer<ProcessHandle> spawned;
    private Process process;
    private String jarKey;
    private boolean closed;

    public StandbyInstance(ChildLauncher launcher, ChildSpec instanceSpec, Path jar, ScheduledExecutorService scheduler,
                           Duration refillDelay, Consumer<ProcessHandle> spawned) {
        this.launcher = launcher;
        this.spec = standbySpec(instanceSpec);
        this.jar = jar;
        this.scheduler = scheduler;
        this.refillDelay = refillDelay;
        this.spawned = spawned;
    }

    /** The instance command with FICHAS_STANDBY=true, no port or id of its own, output to instance-standby.out. */
    static ChildSpec standbySpec(ChildSpec instance) {
        Map<String, String> env = new HashMap<>(instance.environment());
        env.remove("FICHAS_PORT");
        env.remove("FICHAS_INSTANCE_ID");
        env.put("FICHAS_STANDBY", "true");
        return new ChildSpec("instance-" + ID, ID, 0, instance.command(), env,
                instance.output().resolveSibling("instance-" + ID + ".out"), instance.healthPath());
    }

    /** Starts the standby (now, or again after {@code delay}) unless one is already there. */
    public void start(Duration delay) {
        scheduler.schedule(this::startNow, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void startNow() {
        if (closed || (process != null && process.isAlive())) {
            return;
        }
        try {
            jarKey = jarKey();
            process = launcher.launch(spec);
            log.info("standby instance started as pid {}", process.pid());
            spawned.accept(process.toHandle());
        } catch (IOException | RuntimeException e) {
            process = null;
            log.warn("standby instance could not start: {}", e.toString());
        }
    }

    /**
     * Hands the standby to instance {@code target}: empty when there is none alive, it is of an older jar, or it
     * cannot be told; the caller then starts a new JVM as before.
     */
    public Optional<Process> take(ChildSpec target) {
        Process taken;
        synchronized (this) {
            taken = process;
            process = null;
            if (closed || taken == null) {
                return Optional.empty();
            }
            if (!taken.isAlive() || !jarKey().equals(jarKey)) {
                log.info("standby pid {} not used ({})", taken.pid(), taken.isAlive() ? "the jar changed" : "it exited");
                taken.destroyForcibly();
                start(Duration.ZERO);
                return Optional.empty();
            }
            moveOutput(target.output());
            OutputStream stdin = taken.getOutputStream();
            try {
                stdin.write(("take " + target.id() + " " + target.port() + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                log.warn("standby pid {} could not be told to take {}: {}", taken.pid(), target.id(), e.toString());
                taken.destroyForcibly();
                start(refillDelay);
                return Optional.empty();
            }
        }
        log.info("standby pid {} takes over instance {} on port {}", taken.pid(), target.id(), target.port());
        start(refillDelay);
        return Optional.of(taken);
    }

    /** The standby's pid, if one is running (status, tests). */
    public synchronized Optional<Long> pid() {
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    private void moveOutput(Path target) {
        try {
            if (Files.exists(target)) {
                Files.move(target, target.resolveSibling(target.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(spec.output(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot rename a file another process has open: the output stays in instance-standby.out.
            log.warn("standby output {} could not become {}: {}", spec.output(), target, e.toString());
        }
    }

    private String jarKey() {
        try {
            return Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Ends the standby (the supervisor is stopping): stop on stdin, then a kill after a moment. */
    @Override
    public void close() {
        Process p;
        synchronized (this) {
            closed = true;
            p = process;
            process = null;
        }
        if (p == null) {
            return;
        }
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // it is going anyway
        }
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
