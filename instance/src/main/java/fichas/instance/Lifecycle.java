package fichas.instance;

import fichas.instance.config.LifecycleConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a running instance is asked to stop: SIGTERM/Ctrl-C (shutdown hook), and when supervised a
 * {@code stop} line on stdin, the end of stdin (the supervisor died, even by SIGKILL) or the end of
 * the parent process. Every path runs the same graceful close exactly once.
 */
final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    /** An orphan must be gone quickly: the supervisor that restarts us may already be waiting for the port. */
    private static final Duration ORPHAN_STOP_BOUND = Duration.ofSeconds(3);

    private final InstanceServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lifecycle(InstanceServer server) {
        this.server = server;
    }

    static void install(InstanceServer server, LifecycleConfig config) {
        Lifecycle lifecycle = new Lifecycle(server);
        Runtime.getRuntime().addShutdownHook(new Thread(lifecycle::closeOnce, "shutdown"));
        if (config.supervised()) {
            daemon("stdin-watch", lifecycle::watchStdin);
        }
        config.parentPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> lifecycle.stop("parent process " + pid + " ended",
                        ORPHAN_STOP_BOUND)),
                () -> lifecycle.stop("parent process " + pid + " is not running", ORPHAN_STOP_BOUND)));
    }

    private void watchStdin() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.strip().equals("stop")) {
                    stop("stop requested by the supervisor", null);
                    return;
                }
            }
        } catch (IOException e) {
            log.warn("stdin of the supervised instance failed: {}", e.getMessage());
        }
        stop("stdin closed: the supervisor is gone", ORPHAN_STOP_BOUND);
    }

    /** Exits the JVM (running the graceful close); with a bound, halts if the close takes longer. */
    private void stop(String reason, Duration bound) {
        log.info("instance stopping: {}", reason);
        if (bound != null) {
            daemon("stop-bound", () -> {
                try {
                    Thread.sleep(bound.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                log.warn("graceful stop took longer than {} ms, halting", bound.toMillis());
                Runtime.getRuntime().halt(0);
            });
        }
        System.exit(0);
    }

    private void closeOnce() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.close();
            } finally {
                // JVM shutdown hooks run concurrently: logging is stopped here, after the close, not by a hook of its own.
                if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
                    context.stop();
                }
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
