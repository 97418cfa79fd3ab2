package fichas.supervisor.balance;

import fichas.balancer.BalancerConfig;
import fichas.console.admin.SupervisorView;
import fichas.supervisor.SupervisorException;
import fichas.supervisor.child.Child;
import fichas.supervisor.child.ChildContext;
import fichas.supervisor.child.ChildEvents;
import fichas.supervisor.child.ChildSnapshot;
import fichas.supervisor.child.ChildState;
import fichas.supervisor.config.RestartConfig;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.process.CdsArchive;
import fichas.supervisor.process.ChildLauncher;
import fichas.supervisor.process.ChildSpec;
import fichas.supervisor.process.HealthProbe;
import fichas.supervisor.process.InstanceCommand;
import fichas.supervisor.process.StopLadder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@link TrafficGate} over the balancer running as a supervised child JVM of its own
 * ({@link BalancerChildMain}): the same {@link Child} state machine and restart policy as an instance (restarted
 * after {@link #FIRST_BACKOFF} when it dies, killed as hung when its own paths stop answering), so that a fault in
 * the proxy (an out-of-memory error, a crash) never takes the supervisor down, nor the reverse.
 *
 * <p>The supervisor speaks to it on its stdin ({@code drain ID SEQ}, {@code admit ID SEQ}, {@code stop}); it
 * answers with {@link BalancerReport}s over the supervisor's control endpoint, and asks for children, reloads,
 * restarts and hung-backend checks there too. A drain outlives a restart of the balancer: the new process is
 * told again. Thread-safe.
 */
public final class BalancerProcess implements TrafficGate {
    private static final Logger log = LoggerFactory.getLogger(BalancerProcess.class);
    /** The first restart of a dead balancer: clients are waiting, and its start takes well under a second. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final long MIN_SAMPLE_NANOS = 1_000_000_000L;

    private final Child child;
    private final ScheduledExecutorService scheduler;
    private final Optional<CdsArchive> cds;
    private final int configuredPort;
    private final AtomicLong sequence = new AtomicLong();
    /** Backends drained and not admitted since, with the sequence number of the drain. */
    private final Map<String, Long> drained = new ConcurrentHashMap<>();
    private final Map<String, Long> admitted = new ConcurrentHashMap<>();
    private BalancerReport report;
    private Map<String, Long> lastCounts = Map.of();
    private long lastPid = -1;
    private long lastSampleNanos = System.nanoTime();
    private Map<String, Double> lastRates = Map.of();

    private BalancerProcess(ChildSpec spec, ChildContext ctx, ScheduledExecutorService scheduler,
                            Optional<CdsArchive> cds, int configuredPort) {
        this.scheduler = scheduler;
        this.cds = cds;
        this.configuredPort = configuredPort;
        this.child = new Child(spec, ctx);
    }

    /**
     * A factory over the balancer's own configuration ({@code FICHAS_BALANCER_*}, {@code FICHAS_RATELIMIT_*},
     * {@code FICHAS_ALERT_*}), read and validated now, so a bad value fails before any instance starts; the child
     * reads the same keys from the environment it is given. The admin routes check tokens by asking the instances
     * ({@code GET /auth/me}), so the balancer needs no path to their database.
     */
    public static TrafficGateFactory factory(SupervisorConfig config, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith("FICHAS_") && v != null) {
                env.put(k, v);
            }
        });
        BalancerConfig balancer = BalancerConfig.fromEnvironment(env);
        return new TrafficGateFactory() {
            @Override
            public TrafficGate start(List<BackendAddress> backends, BackendEvents events, SupervisorView supervisor) {
                return BalancerProcess.start(config, balancer, env, backends, events);
            }

            @Override
            public void checkAvailable() {
                requireFree(balancer.listen().bindAddress(), balancer.listen().port());
            }
        };
    }

    private static BalancerProcess start(SupervisorConfig config, BalancerConfig balancer, Map<String, String> env,
                                         List<BackendAddress> backends, BackendEvents events) {
        String classPath = System.getProperty("java.class.path");
        Optional<CdsArchive> cds = config.balancer().classDataSharing() && isJar(classPath)
                ? Optional.of(CdsArchive.forJar("balancer", Path.of(classPath), config.paths().dataDir())) : Optional.empty();
        List<String> command = new ArrayList<>();
        command.add(InstanceCommand.javaExecutable());
        command.add("-Xmx" + config.balancer().heap());
        command.addAll(config.balancer().jvmOptions());
        if (!command.contains(InstanceCommand.EXIT_ON_OOM)) {
            command.add(InstanceCommand.EXIT_ON_OOM); // whatever FICHAS_BALANCER_JVM_OPTS says
        }
        command.add("-cp");
        command.add(classPath);
        command.add(BalancerChildMain.class.getName());
        Map<String, String> childEnv = new HashMap<>(env);
        // id@host:port: the balancer names each backend as the supervisor does (drains, restarts, status)
        childEnv.put("FICHAS_BACKENDS", backends.stream().map(b -> b.id() + "@" + b.host() + ":" + b.port())
                .collect(Collectors.joining(",")));
        childEnv.put("FICHAS_CONTROL_PORT", Integer.toString(config.control().port()));
        childEnv.put("FICHAS_CONTROL_TOKEN_FILE", config.paths().tokenFile().toString());
        childEnv.put("FICHAS_SUPERVISED", "true");
        childEnv.put("FICHAS_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        String host = balancer.listen().bindAddress().equals("0.0.0.0") || balancer.listen().bindAddress().equals("::")
                ? "127.0.0.1" : balancer.listen().bindAddress();
        ChildSpec spec = new ChildSpec("balancer", "balancer", balancer.listen().port(), command, childEnv,
                config.paths().balancerOutput(), "/balancer/metrics");
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "fichas-balancer-supervision");
            t.setDaemon(true);
            return t;
        });
        RestartConfig r = config.restart();
        // The front door is never given up on (an instance is, after FICHAS_RESTART_MAX_FAILURES in the window: the
        // others serve). Without it nothing is reachable, and a client that could crash it ten times in five
        // minutes kept the whole system down until an admin came. The backoff still doubles up to its maximum.
        RestartConfig restart = new RestartConfig(min(FIRST_BACKOFF, r.initialBackoff()), r.maxBackoff(), r.resetAfter(),
                RestartConfig.MOST_FAILURES, r.window(), r.hungAfter());
        BalancerProcess[] self = new BalancerProcess[1];
        ChildEvents childEvents = new ChildEvents() {
            @Override
            public void spawned(Child c, ProcessHandle process) {
                events.balancerSpawned(process);
                scheduler.execute(() -> self[0].redrain());
            }

            @Override
            public void stateChanged(Child c, ChildSnapshot snapshot) {
            }
        };
        ChildContext ctx = new ChildContext(new ChildLauncher(cds),
                new StopLadder(config.stop().graceful(), config.stop().terminate()),
                new HealthProbe(host, Duration.ofMillis(500)), scheduler, Clock.systemUTC(), restart,
                config.instances().startTimeout(), config.instances().healthInterval(), childEvents);
        BalancerProcess gate = new BalancerProcess(spec, ctx, scheduler, cds, balancer.listen().port());
        self[0] = gate;
        gate.child.start();
        ChildState state;
        try {
            state = gate.child.awaitSettled(config.instances().startTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = gate.child.snapshot().state();
        }
        if (state == ChildState.ERRORED || state == ChildState.STOPPED) {
            String why = Optional.ofNullable(gate.child.snapshot().lastError()).orElse("it is " + state.label());
            gate.close();
            throw new SupervisorException(why + " (see " + spec.output() + ")");
        }
        if (state != ChildState.ONLINE) {
            // A very busy machine: the child keeps being supervised (killed when not healthy in time, restarted).
            log.warn("balancer not serving within {}; it stays supervised ({})", config.instances().startTimeout(),
                    Optional.ofNullable(gate.child.snapshot().lastError()).orElse(state.label()));
        }
        return gate;
    }

    /** The balancer process, for {@code status} and {@code restart balancer}. */
    @Override
    public Optional<Child> process() {
        return Optional.of(child);
    }

    @Override
    public int port() {
        BalancerReport r = latest();
        return r != null ? r.port() : configuredPort;
    }

    @Override
    public void drain(String id) {
        long seq = sequence.incrementAndGet();
        drained.put(id, seq);
        admitted.remove(id);
        child.send("drain " + id + " " + seq);
    }

    @Override
    public boolean awaitDrained(String id, Duration timeout) throws InterruptedException {
        Long seq = drained.get(id);
        return await(timeout, r -> seq != null && r.applied() >= drained.getOrDefault(id, seq)
                && Optional.ofNullable(r.backends().get(id)).map(b -> b.inFlight() == 0).orElse(false));
    }

    @Override
    public void admit(String id) {
        long seq = sequence.incrementAndGet();
        drained.remove(id);
        admitted.put(id, seq);
        child.send("admit " + id + " " + seq);
    }

    @Override
    public boolean awaitUp(String id, Duration timeout) throws InterruptedException {
        long seq = admitted.getOrDefault(id, 0L);
        return await(timeout, r -> r.applied() >= seq
                && Optional.ofNullable(r.backends().get(id)).map(b -> b.state().equals("UP")).orElse(false));
    }

    /** A new balancer process knows nothing of earlier drains: tell it again. */
    private void redrain() {
        Set<String> ids = Set.copyOf(drained.keySet());
        for (String id : ids) {
            long seq = sequence.incrementAndGet();
            drained.computeIfPresent(id, (k, v) -> seq);
            child.send("drain " + id + " " + seq);
        }
    }

    private boolean await(Duration timeout, java.util.function.Predicate<BalancerReport> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                Long pid = child.snapshot().pid();
                if (report != null && pid != null && report.pid() == pid && done.test(report)) {
                    return true;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(Math.min(left, 100));
            }
        }
    }

    /** From the balancer's last report (its {@code writer}). */
    @Override
    public String writer() {
        BalancerReport r = latest();
        return r == null ? null : r.writer();
    }

    @Override
    public synchronized void report(BalancerReport report) {
        this.report = report;
        notifyAll();
    }

    private synchronized BalancerReport latest() {
        return report;
    }

    @Override
    public synchronized Map<String, Double> requestsPerSecond() {
        long now = System.nanoTime();
        if (now - lastSampleNanos < MIN_SAMPLE_NANOS && !lastRates.isEmpty()) {
            return lastRates;
        }
        if (report == null) {
            return Map.of();
        }
        if (report.pid() != lastPid) { // a new balancer process counts from zero
            lastPid = report.pid();
            lastCounts = Map.of();
        }
        double seconds = (now - lastSampleNanos) / 1e9;
        Map<String, Long> counts = new HashMap<>();
        Map<String, Double> rates = new HashMap<>();
        report.backends().forEach((id, b) -> {
            counts.put(id, b.requests());
            rates.put(id, Math.max(0, b.requests() - lastCounts.getOrDefault(id, b.requests())) / seconds);
        });
        lastCounts = counts;
        lastSampleNanos = now;
        lastRates = rates;
        return rates;
    }

    @Override
    public void close() {
        try {
            child.retire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        // The exit callback may not run before the supervisor's JVM ends: keep an archive written at this stop now.
        cds.ifPresent(c -> c.exited(child.spec().id()));
    }

    private static boolean isJar(String classPath) {
        return classPath != null && !classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar")
                && Files.isRegularFile(Path.of(classPath));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void requireFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new SupervisorException("balancer port " + port + " (FICHAS_BALANCER_PORT) on " + host
                    + " is not available: " + e.getMessage());
        }
    }
}
