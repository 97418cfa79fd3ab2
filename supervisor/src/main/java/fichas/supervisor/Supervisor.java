package fichas.supervisor;

import fichas.supervisor.balance.BackendAddress;
import fichas.supervisor.balance.BackendEvents;
import fichas.supervisor.balance.TrafficGate;
import fichas.supervisor.balance.TrafficGateFactory;
import fichas.supervisor.child.Child;
import fichas.supervisor.child.ChildContext;
import fichas.supervisor.child.ChildEvents;
import fichas.supervisor.child.ChildSnapshot;
import fichas.supervisor.child.ChildState;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.process.CdsArchive;
import fichas.supervisor.process.ChildLauncher;
import fichas.supervisor.process.HealthProbe;
import fichas.supervisor.process.InstanceCommand;
import fichas.supervisor.process.Leftovers;
import fichas.supervisor.process.PidFile;
import fichas.supervisor.process.PidRecord;
import fichas.supervisor.process.StopLadder;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The parent process's engine: clears leftovers, spawns the instances, puts the balancer in front of them,
 * answers status, rolls reloads, and stops everything. Thread-safe; {@link #stop()} is idempotent.
 */
public final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final SupervisorConfig config;
    private final Clock clock;
    private final TrafficGateFactory gateFactory;
    private final Consumer<ChildSnapshot> progress;
    private final ScheduledExecutorService scheduler;
    private final PidFile instancesPidFile;
    private final PidFile supervisorPidFile;
    private final Map<String, PidRecord> livePids = new ConcurrentHashMap<>();
    private final List<Child> children = new ArrayList<>();
    private final Object reloadLock = new Object();
    /** Reloads running or waiting for {@link #reloadLock}, whoever asked (CLI or balancer). */
    private final AtomicInteger reloadsRunning = new AtomicInteger();
    /** A reload started by {@link #startReload()} that has not finished. */
    private final AtomicBoolean backgroundReload = new AtomicBoolean();
    private final Instant startedAt;
    private final StatusAssembler statusAssembler;
    private volatile TrafficGate gate = TrafficGate.none();
    private volatile boolean stopping;
    private volatile boolean ready;
    private Optional<CdsArchive> cds = Optional.empty();
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
        this.instancesPidFile = new PidFile(config.paths().instancesPidFile());
        this.supervisorPidFile = new PidFile(config.paths().supervisorPidFile());
        this.startedAt = clock.instant();
        this.statusAssembler = new StatusAssembler(config, startedAt, clock);
    }

    /** Spawns every instance and starts the balancer; does not wait for health (see {@link #awaitStarted}). */
    public synchronized void start() {
        prepareDirectories();
        refuseIfRunning();
        supervisorPidFile.write(List.of(PidRecord.of("supervisor", ProcessHandle.current())));
        int cleared = Leftovers.clear(instancesPidFile, config.stop().terminate());
        if (cleared > 0) {
            log.warn("supervisor stopped {} instance(s) left over from an earlier run", cleared);
        }
        requireInstanceJar();
        if (config.balancer().enabled()) {
            gateFactory.checkAvailable();
        }
        cds = config.instances().usesClassDataSharing()
                ? Optional.of(CdsArchive.forJar(config.instances().jar(), config.paths().dataDir())) : Optional.empty();
        ChildContext ctx = new ChildContext(new ChildLauncher(cds),
                new StopLadder(config.stop().graceful(), config.stop().terminate()),
                new HealthProbe(config.instances().probeHost(), Duration.ofMillis(500)), scheduler, clock,
                config.restart(), config.instances().startTimeout(), config.instances().healthInterval(), events());
        List<BackendAddress> backends = new ArrayList<>();
        for (int i = 0; i < config.instances().count(); i++) {
            Child child = new Child(InstanceCommand.spec(config.instances(), config.paths(), i), ctx);
            children.add(child);
            backends.add(new BackendAddress(child.spec().id(), config.instances().probeHost(), child.spec().port()));
        }
        this.backends = List.copyOf(backends);
        children.forEach(Child::start);
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
        return allOnline;
    }

    private synchronized void startBalancer() {
        if (ready || stopping) {
            return;
        }
        if (config.balancer().enabled()) {
            try {
                gate = gateFactory.start(backends, backendEvents(), new BalancerView(this, clock));
            } catch (RuntimeException e) {
                throw new SupervisorException("the balancer cannot start: " + e.getMessage());
            }
        }
        ready = true;
    }

    public SupervisorStatus status() {
        return statusAssembler.assemble(snapshots(), gate, ready);
    }

    public List<ChildSnapshot> snapshots() {
        return children.stream().map(Child::snapshot).toList();
    }

    /** Restarts one instance now (also an errored one), by name ("instance-8001") or id ("8001"). */
    public ChildState restart(String name) throws InterruptedException {
        Child child = find(name).orElseThrow(() -> new SupervisorException("no instance named '" + name
                + "'; known: " + children.stream().map(c -> c.spec().name()).toList()));
        child.restartNow();
        return child.awaitSettled(config.instances().startTimeout());
    }

    /**
     * Rolling restart, one instance at a time: drain at the balancer, stop, start, wait healthy, re-admit.
     * Stops at the first instance that does not come back, leaving the rest untouched.
     */
    public void reload() throws InterruptedException {
        reloadsRunning.incrementAndGet();
        try {
            reloadInOrder();
        } finally {
            reloadsRunning.decrementAndGet();
        }
    }

    /**
     * Starts a rolling reload on its own thread and returns at once (the balancer's admin action). False, and
     * nothing happens, while a reload is running or the supervisor is stopping. A reload that stops at an
     * instance is logged as WARN.
     */
    public boolean startReload() {
        if (stopping || reloadsRunning.get() > 0 || !backgroundReload.compareAndSet(false, true)) {
            return false;
        }
        Thread t = new Thread(() -> {
            try {
                reload();
                log.info("rolling reload finished");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("rolling reload failed: {}", e.getMessage());
            } finally {
                backgroundReload.set(false);
            }
        }, "fichas-reload");
        t.setDaemon(true);
        t.start();
        return true;
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

    private void reloadInOrder() throws InterruptedException {
        synchronized (reloadLock) {
            for (Child child : List.copyOf(children)) {
                String id = child.spec().id();
                log.info("instance {} reloading: draining", id);
                gate.drain(id);
                if (!gate.awaitDrained(id, DRAIN_TIMEOUT)) {
                    log.warn("instance {} still had requests in flight after {}, stopping it anyway", id, DRAIN_TIMEOUT);
                }
                child.restartNow();
                ChildState state = child.awaitSettled(config.instances().startTimeout());
                gate.admit(id);
                if (state != ChildState.ONLINE) {
                    throw new SupervisorException("reload stopped at instance " + id + ": it is " + state.label()
                            + Optional.ofNullable(child.snapshot().lastError()).map(e -> " (" + e + ")").orElse(""));
                }
                // Only drain the next one once the balancer sends traffic here again, or two could be out at once.
                if (!gate.awaitUp(id, DRAIN_TIMEOUT)) {
                    throw new SupervisorException("reload stopped at instance " + id + ": healthy, but the balancer did not"
                            + " take it back within " + DRAIN_TIMEOUT.toSeconds() + " s");
                }
                log.info("instance {} reloaded and re-admitted", id);
            }
        }
    }

    /** Stops the balancer, then every instance through the stop ladder (in parallel). Idempotent. */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        log.info("supervisor stopping {} instance(s)", children.size());
        gate.close();
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
        // The exit callbacks may not run before this JVM ends; an archive written at this stop is kept now.
        cds.ifPresent(c -> children.forEach(child -> c.exited(child.spec().id())));
        instancesPidFile.delete();
        supervisorPidFile.delete();
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
                livePids.put(child.spec().id(), PidRecord.of(child.spec().id(), process));
                instancesPidFile.write(livePids.values());
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
                find(id).ifPresent(Child::reportedDown);
            }

            @Override
            public void backendUp(String id) {
                log.debug("instance {} reported up by the balancer", id);
            }
        };
    }

    private void prepareDirectories() {
        try {
            Files.createDirectories(config.paths().dataDir());
            Files.createDirectories(config.paths().logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + config.paths().dataDir() + " or " + config.paths().logDir(), e);
        }
    }

    private void refuseIfRunning() {
        for (PidRecord r : supervisorPidFile.read()) {
            if (r.pid() != ProcessHandle.current().pid() && r.live().isPresent()) {
                throw new SupervisorException("Fichas is already running (supervisor pid " + r.pid() + ", pid file "
                        + supervisorPidFile.path() + "); stop it first with ./start.sh stop");
            }
        }
    }

    private void requireInstanceJar() {
        if (config.instances().mainClass().isEmpty() && !Files.isRegularFile(config.instances().jar())) {
            throw new SupervisorException("instance jar not found: " + config.instances().jar()
                    + " (build it with ./mvnw -q -B package -DskipTests, or set FICHAS_INSTANCE_JAR)");
        }
    }
}
