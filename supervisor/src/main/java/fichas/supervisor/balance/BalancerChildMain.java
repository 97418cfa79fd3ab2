package fichas.supervisor.balance;

import fichas.balancer.Backend;
import fichas.balancer.Balancer;
import fichas.balancer.BalancerConfig;
import fichas.console.Console;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The balancer as the supervisor runs it: a child JVM of its own ({@code docs/CONTRACTS.md}, "The balancer
 * process"). Its configuration is the {@code FICHAS_*} environment the supervisor hands over: the balancer's own
 * keys, {@code FICHAS_BACKENDS} (the instances), {@code FICHAS_CONTROL_PORT} and {@code FICHAS_CONTROL_TOKEN_FILE}
 * (the supervisor's control endpoint), {@code FICHAS_PARENT_PID}.
 *
 * <p>Its stdin is the supervisor's channel to it, one command a line: {@code drain ID SEQ}, {@code admit ID SEQ},
 * {@code stop}; end-of-file (the supervisor died, even by SIGKILL) or the end of the parent process stops it too,
 * so no balancer outlives its supervisor. It reports its state ({@link BalancerReport}) to the supervisor every
 * {@link #REPORT_EVERY_MS} ms and right after each command. Exit codes: 0 stopped, 2 bad configuration, 3 its port
 * is taken (as an instance's), 3 also after an out-of-memory error ({@code -XX:+ExitOnOutOfMemoryError}).
 */
public final class BalancerChildMain {
    static final long REPORT_EVERY_MS = 200;
    private static final int EXIT_BAD_CONFIG = 2;
    private static final int EXIT_PORT_IN_USE = 3;

    private BalancerChildMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "fichas-balancer-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(BalancerChildMain.class);
        BalancerConfig config;
        List<Backend> backends;
        ControlLink link;
        try {
            config = BalancerConfig.fromEnvironment();
            backends = Arrays.stream(required("FICHAS_BACKENDS").split(",")).filter(s -> !s.isBlank())
                    .map(Backend::parse).toList();
            link = new ControlLink(Integer.parseInt(required("FICHAS_CONTROL_PORT")),
                    Path.of(required("FICHAS_CONTROL_TOKEN_FILE")));
        } catch (IllegalArgumentException e) {
            System.err.println("fichas-balancer: bad configuration: " + e.getMessage());
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        watchParent(log);
        Balancer balancer;
        try {
            balancer = Balancer.start(config, backends, link.listener(), Console.of(link));
        } catch (RuntimeException e) {
            log.error("balancer cannot listen on {}:{}: {}", config.listen().bindAddress(), config.listen().port(), e.toString());
            System.exit(e.getCause() instanceof java.net.BindException || String.valueOf(e.getMessage()).contains("Address already in use")
                    ? EXIT_PORT_IN_USE : 1);
            return;
        }
        AtomicLong applied = new AtomicLong();
        long pid = ProcessHandle.current().pid();
        Runnable report = () -> link.report(BalancerReport.of(pid, balancer.port(), applied.get(), balancer.snapshot(),
                balancer.writer()));
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fichas-balancer-report");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleWithFixedDelay(() -> {
            try {
                report.run();
            } catch (RuntimeException e) {
                log.warn("report to the supervisor failed: {}", e.toString());
            }
        }, 0, REPORT_EVERY_MS, TimeUnit.MILLISECONDS);
        String why = readCommands(balancer, applied, () -> reporter.execute(report), log);
        log.info("balancer stopping: {}", why);
        reporter.shutdownNow();
        balancer.close();
        System.exit(0);
    }

    /** Applies stdin commands until {@code stop} or end-of-file; returns why it stopped. */
    private static String readCommands(Balancer balancer, AtomicLong applied, Runnable reportNow, Logger log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                switch (words[0]) {
                    case "stop" -> {
                        return "asked to stop";
                    }
                    case "drain", "admit" -> {
                        if (words.length != 3) {
                            log.warn("ignoring malformed command '{}'", line);
                            continue;
                        }
                        try {
                            if (words[0].equals("drain")) {
                                balancer.drain(words[1]);
                            } else {
                                balancer.admit(words[1]);
                            }
                            log.info("backend {}: {}", words[1], words[0].equals("drain") ? "draining" : "admitted");
                        } catch (IllegalArgumentException e) {
                            log.warn("command '{}' failed: {}", line, e.getMessage());
                        }
                        applied.set(Long.parseLong(words[2]));
                        reportNow.run();
                    }
                    case "" -> { }
                    default -> log.warn("ignoring unknown command '{}'", line);
                }
            }
            return "stdin closed: the supervisor is gone";
        } catch (IOException | NumberFormatException e) {
            return "stdin failed: " + e;
        }
    }

    /** Stops this JVM when the supervisor process ends, even if stdin somehow stays open. */
    private static void watchParent(Logger log) {
        String parent = System.getenv("FICHAS_PARENT_PID");
        if (parent == null || parent.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent.trim())).ifPresentOrElse(p -> p.onExit().thenRun(() -> {
            log.warn("the supervisor (pid {}) is gone, stopping", parent);
            System.exit(0);
        }), () -> {
            log.warn("the supervisor (pid {}) is already gone, stopping", parent);
            System.exit(0);
        });
    }

    private static String required(String key) {
        String v = System.getenv(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " must be set by the supervisor, but is missing");
        }
        return v;
    }
}
