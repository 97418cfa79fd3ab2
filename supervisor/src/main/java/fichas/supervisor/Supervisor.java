package fichas.supervisor;

import fichas.console.admin.SupervisorView;
import fichas.observability.files.OwnerOnly;
import fichas.supervisor.balance.BackendAddress;
import fichas.supervisor.balance.BackendEvents;
import fichas.supervisor.balance.BalancerReport;
import fichas.supervisor.balance.TrafficGate;
import fichas.supervisor.balance.TrafficGateFactory;
import fichas.supervisor.child.Child;
import fichas.supervisor.child.ChildContext;
import fichas.supervisor.child.ChildEvents;
import fichas.supervisor.child.ChildSnapshot;
import fichas.supervisor.child.ChildState;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.process.ChildLauncher;
import fichas.supervisor.process.StandbyInstance;
import fichas.supervisor.process.HealthProbe;
import fichas.supervisor.process.InstanceCommand;
import fichas.supervisor.process.PidFile;
import fichas.supervisor.process.PidFiles;
import fichas.supervisor.process.StopLadder;
import fichas.supervisor.reload.RollingReload;
import fichas.supervisor.status.SupervisorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The parent process's engine: clears leftovers, spawns the instances, puts the balancer (a child JVM of its own)
 * in front of them, answers status, restarts, and stops everything. Rolling reloads are {@link RollingReload}'s,
 * pid files {@link PidFiles}', the instances' class-data archive their {@link ChildLauncher}'s. Thread-safe;
 * {@link #stop()} is idempotent.
 */
public final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    /** A new standby starts this long after one took an instance's place: not while that instance is starting. */
    private static final Duration STANDBY_REFILL_DELAY = Duration.ofSeconds(3);
    /** The balancer's name in status and in {@code restart NAME}. */
    public static final String BALANCER = "balancer";

    private final SupervisorConfig config;
    private final Clock clock;
    private final TrafficGateFactory gateFactory;
    private final Consumer<ChildSnapshot> progress;
    private final ScheduledExecutorService scheduler;
    private final PidFiles pidFiles;
    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final RollingReload reload;
    private final StatusAssembler statusAssembler;
    private final SupervisorView view;
    private volatile TrafficGate gate = TrafficGate.none();
    private volatile boolean stopping;
    private volatile boolean ready;
    private ChildLauncher launcher;
    /** The JVM kept in reserve for an instance that dies (null: FICHAS_INSTANCE_STANDBY=false). */
    private volatile StandbyInstance standby;
    private List<BackendAddress> backends = List.of();

    public Supervisor(SupervisorConfig config, Clock clock, TrafficGateFactory gateFactory, Consumer<ChildSnapshot> progress) {
        this.config = config;
        this.clock = clock;
        this.gateFactory = gateFactory;
        this.progress = progress;
        this.scheduler = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "fichas-supervisor");
            t.setDaemon(true);
            return t;
        });
        this.pidFiles = new PidFiles(new PidFile(config.paths().supervisorPidFile()),
                new PidFile(config.paths().instancesPidFile()));
        Instant startedAt = clock.instant();
        this.statusAssembler = new StatusAssembler(config, startedAt, clock);
        this.reload = new RollingReload(children, () -> gate, config.instances().startTimeout(), () -> stopping);
        this.view = new BalancerView(this, clock);
    }

    /** Spawns every instance; does not wait for health, and starts the balancer later (see {@link #awaitStarted}). */
    public synchronized void start() {
        prepareDirectories();
        pidFiles.claim(config.stop().terminate());
        if (config.localInstances() > 0) {
            requireInstanceJar();
        }
        if (config.balancer().enabled()) {
            gateFactory.checkAvailable();
        }
        launcher = ChildLauncher.forInstances(config.instances(), config.paths().dataDir());
        ChildContext ctx = new ChildContext(launcher,
                new StopLadder(config.stop().graceful(), config.stop().terminate()),
                new HealthProbe(config.instances().probeHost(), Duration.ofMillis(500)), scheduler, clock,
                config.restart(), config.instances().startTimeout(), config.instances().healthInterval(), events());
        List<BackendAddress> backends = new ArrayList<>();
        for (int i = 0; i < config.localInstances(); i++) {
            Child child = new Child(InstanceCommand.spec(config.instances(), config.paths(), i), ctx);
            children.add(child);
            backends.add(new BackendAddress(child.spec().id(), config.instances().probeHost(), child.spec().port()));
        }
        // instances on other hosts (FICHAS_BACKENDS): health-checked by the balancer like ours, never restarted by us
        backends.addAll(config.node().remoteBackends());
        this.backends = List.copyOf(backends);
        children.forEach(Child::start);
        if (config.instances().standby() && !children.isEmpty()) {
            standby = new StandbyInstance(launcher, children.get(0).spec(), config.instances().jar(), scheduler,
                    STANDBY_REFILL_DELAY, handle -> pidFiles.spawned(StandbyInstance.ID, handle));
            launcher.useStandby(standby);
        }
    }

    /**
     * Waits until each instance is online or errored (or the timeout passes), then starts the balancer, so that
     * it begins with healthy backends. True when all instances are online.
     */
    public boolean awaitStarted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean allOnline = true;
        for (Child child : List.copyOf(children)) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            allOnline &= child.awaitSettled(left) == ChildState.ONLINE;
        }
        startBalancer();
        if (standby != null) {
            // after the instances' own start, so that it does not compete with them for the cores
            standby.start(Duration.ZERO);
        }
        return allOnline;
    }

    private synchronized void startBalancer() {
        if (ready || stopping) {
            return;
        }
        if (config.balancer().enabled()) {
            try {
                gate = gateFactory.start(backends, backendEvents(), view);
            } catch (RuntimeException e) {
                throw new SupervisorException("the balancer cannot start: " + e.getMessage());
            }
        }
        ready = true;
    }

    public SupervisorStatus status() {
        return statusAssembler.assemble(snapshots(), gate, ready);
    }

    /** The instances (not the balancer). */
    public List<ChildSnapshot> snapshots() {
        return children.stream().map(Child::snapshot).toList();
    }

    /**
     * What the balancer sees of the supervisor and may ask of it (children, reload, restart); it reaches it over
     * the control endpoint ({@code /balancer/...}).
     */
    public SupervisorView balancerView() {
        return view;
    }

    /** The balancer's health checks found an instance down: check it for a hang now. */
    public void backendDown(String id) {
        find(id).ifPresent(Child::reportedDown);
    }

    /** The balancer process's report of its state (drains, in-flight requests, counters). */
    public void balancerReport(BalancerReport report) {
        gate.report(report);
    }

    /**
     * Restarts one instance now (also an errored one), by name ("instance-8001") or id ("8001"), or the balancer
     * ("balancer"); returns the state it settled in.
     */
    public ChildState restart(String name) throws InterruptedException {
        Child child = find(name).or(() -> BALANCER.equals(name) ? gate.process() : Optional.empty())
                .orElseThrow(() -> new UnknownChildException("no instance named '" + name + "'; known: "
                        + known()));
        child.restartNow();
        return child.awaitSettled(config.instances().startTimeout());
    }

    private List<String> known() {
        List<String> names = new ArrayList<>(children.stream().map(c -> c.spec().name()).toList());
        gate.process().ifPresent(b -> names.add(BALANCER));
        return names;
    }

    /**
     * Rolling restart, one instance at a time: drain at the balancer, stop, start, wait healthy, re-admit.
     * Stops at the first instance that does not come back, leaving the rest untouched.
     */
    public void reload() throws InterruptedException {
        reload.run();
    }

    /**
     * Starts a rolling reload on its own thread and returns at once (the balancer's admin action). False, and
     * nothing happens, while a reload is running or the supervisor is stopping.
     */
    public boolean startReload() {
        return reload.startInBackground();
    }

    /**
     * Starts restarting one instance on its own thread and returns at once (the balancer's admin action):
     * its name, or empty when no instance has that name or id.
     */
    public Optional<String> startRestart(String name) {
        Optional<Child> child = find(name);
        child.ifPresent(c -> {
            Thread t = new Thread(() -> {
                try {
                    log.info("instance {} restarted: {}", c.spec().id(), restart(c.spec().name()).label());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.warn("instance {} restart failed: {}", c.spec().id(), e.getMessage());
                }
            }, "fichas-restart-" + c.spec().id());
            t.setDaemon(true);
            t.start();
        });
        return child.map(c -> c.spec().name());
    }

    /** Stops the balancer, then every instance through the stop ladder (in parallel). Idempotent. */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        log.info("supervisor stopping {} instance(s)", children.size());
        gate.close();
        if (standby != null) {
            standby.close();
        }
        List<Thread> stoppers = new ArrayList<>();
        for (Child c : children) {
            Thread t = new Thread(() -> stopQuietly(c), "stop-" + c.spec().id());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        scheduler.shutdownNow();
        if (launcher != null) {
            launcher.keepArchives(children.stream().map(c -> c.spec().id()).toList());
        }
        pidFiles.release();
        log.info("supervisor stopped");
    }

    public boolean stopping() {
        return stopping;
    }

    private static void stopQuietly(Child child) {
        try {
            child.retire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<Child> find(String name) {
        return children.stream().filter(c -> c.spec().name().equals(name) || c.spec().id().equals(name)).findFirst();
    }

    private ChildEvents events() {
        return new ChildEvents() {
            @Override
            public void spawned(Child child, ProcessHandle process) {
                pidFiles.spawned(child.spec().id(), process);
            }

            @Override
            public void stateChanged(Child child, ChildSnapshot snapshot) {
                progress.accept(snapshot);
            }
        };
    }

    private BackendEvents backendEvents() {
        return new BackendEvents() {
            @Override
            public void backendDown(String id) {
                Supervisor.this.backendDown(id);
            }

            @Override
            public void backendUp(String id) {
                log.debug("instance {} reported up by the balancer", id);
            }

            @Override
            public void balancerSpawned(ProcessHandle process) {
                pidFiles.spawned(BALANCER, process);
            }
        };
    }

    private void prepareDirectories() {
        try {
            OwnerOnly.directories(config.paths().dataDir());
            OwnerOnly.directories(config.paths().logDir());
            // Files left by older versions, or written by libraries since (rolled logs), become owner-only.
            OwnerOnly.tightenTree(config.paths().dataDir(), log);
            OwnerOnly.tightenTree(config.paths().logDir(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + config.paths().dataDir() + " or " + config.paths().logDir(), e);
        }
    }

    private void requireInstanceJar() {
        if (config.instances().mainClass().isEmpty() && !Files.isRegularFile(config.instances().jar())) {
            throw new SupervisorException("instance jar not found: " + config.instances().jar()
                    + " (build it with ./mvnw -q -B package -DskipTests, or set FICHAS_INSTANCE_JAR)");
        }
    }
}
