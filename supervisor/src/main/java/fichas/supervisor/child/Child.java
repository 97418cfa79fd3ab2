package fichas.supervisor.child;

import fichas.supervisor.config.Durations;
import fichas.supervisor.process.ChildSpec;
import fichas.supervisor.process.LogTail;
import fichas.supervisor.process.PortOwner;
import fichas.supervisor.restart.RestartDecision;
import fichas.supervisor.restart.RestartPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One supervised instance and its state machine (see {@link ChildState}). All state is guarded by this object's
 * monitor; health probes and the stop ladder run outside it. Every change is published as an immutable
 * {@link ChildSnapshot}. Callbacks from a process of an earlier generation are ignored.
 */
public final class Child {
    /** Exit code of an instance whose port is taken (docs/CONTRACTS.md): restarting cannot help. */
    public static final int EXIT_PORT_IN_USE = 3;
    private static final Logger log = LoggerFactory.getLogger(Child.class);
    private static final Duration READY_POLL = Duration.ofMillis(100);
    private static final int LOG_LINES = 10;

    private final ChildSpec spec;
    private final ChildContext ctx;
    private final RestartPolicy policy;

    private ChildState state = ChildState.STOPPED;
    private Process process;
    private long generation;
    private Instant startedAt;
    private int restarts;
    private int crashes;
    /** A child failing health checks while using at least this share of one core is busy, not hung: a stopped or deadlocked JVM uses next to nothing, an overloaded one on a crowded machine at least this. */
    static final double BUSY_CPU_SHARE = 0.1;
    /** How many times the hung delay a busy child gets before it is killed all the same. */
    static final int BUSY_PATIENCE = 3;
    private boolean healthy;
    private Integer lastExitCode;
    private String lastError;
    /** This generation was killed by the supervisor (hung, or not healthy in time); lastError already says why. */
    private boolean killedBySupervisor;
    private List<String> lastLogLines = List.of();
    private Instant failingSince;
    /** CPU time the child had used when its health checks began to fail; -1 when unknown. */
    private long cpuNanosAtFailing = -1;
    private boolean busyLogged;
    private ScheduledFuture<?> timer;
    /** The supervisor is stopping: nothing may start this child again (a restart racing with the stop). */
    private boolean retired;
    private volatile ChildSnapshot snapshot;

    public Child(ChildSpec spec, ChildContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
        this.policy = new RestartPolicy(ctx.restart(), ctx.clock());
        publish();
    }

    public ChildSpec spec() {
        return spec;
    }

    public ChildSnapshot snapshot() {
        return snapshot;
    }

    /** Starts the child unless it is already starting, running or stopping. Does not wait for health. */
    public synchronized void start() {
        if (retired || state == ChildState.STARTING || state == ChildState.ONLINE || state == ChildState.STOPPING) {
            return;
        }
        cancelTimer();
        policy.reset();
        spawn();
    }

    /**
     * Stops the child for good (the supervisor is stopping): like {@link #stop()}, and no later
     * {@link #start()} or {@link #restartNow()}, such as an admin restart still on its way, starts it again.
     */
    public void retire() throws InterruptedException {
        synchronized (this) {
            retired = true;
        }
        stop();
    }

    /** Stops the child through the stop ladder; blocks until it has exited. No restart follows. */
    public void stop() throws InterruptedException {
        Process p;
        synchronized (this) {
            cancelTimer();
            if (process == null) {
                setState(state == ChildState.ERRORED ? ChildState.ERRORED : ChildState.STOPPED);
                return;
            }
            p = process;
            setState(ChildState.STOPPING);
        }
        log.info("instance {} stopping (pid {})", spec.id(), p.pid());
        ctx.stopper().stop(p);
        synchronized (this) {
            if (process == p) {
                process = null;
                lastExitCode = p.isAlive() ? null : p.exitValue();
            }
            if (state == ChildState.STOPPING) {
                setState(ChildState.STOPPED);
            }
        }
        log.info("instance {} stopped (pid {}, exit code {})", spec.id(), p.pid(), p.isAlive() ? "none, still alive" : p.exitValue());
    }

    /** Stop (if running) and start again now, forgetting earlier failures: {@code restart NAME} and rolling reload. */
    public void restartNow() throws InterruptedException {
        stop();
        synchronized (this) {
            if (!retired && (state == ChildState.STOPPED || state == ChildState.ERRORED)) {
                policy.reset();
                restarts++;
                spawn();
            }
        }
    }

    /**
     * Writes one line to the running child's stdin (its control channel: {@code stop}, and for the balancer
     * {@code drain}/{@code admit}). False when no process runs or its stdin is closed.
     */
    public boolean send(String line) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return false;
        }
        java.io.OutputStream stdin = p.getOutputStream();
        synchronized (stdin) {
            try {
                stdin.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                stdin.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** The balancer saw this backend fail: check it now rather than at the next interval. */
    public synchronized void reportedDown() {
        if (state == ChildState.ONLINE) {
            log.info("instance {} reported down by the balancer, checking it", spec.id());
            long gen = generation;
            schedule(() -> checkHealth(gen), Duration.ZERO);
        }
    }

    /** Waits until the child is online, errored or stopped, or the timeout passes; returns the state then. */
    public synchronized ChildState awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != ChildState.ONLINE && state != ChildState.ERRORED && state != ChildState.STOPPED) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return state;
    }

    private void spawn() {
        spawn(false);
    }

    /** {@code replacement}: after an unexpected exit, when a standby JVM may take the child's place. */
    private void spawn(boolean replacement) {
        Process p;
        try {
            p = replacement ? ctx.launcher().launchReplacement(spec) : ctx.launcher().launch(spec);
        } catch (IOException e) {
            lastError = "cannot start " + spec.command().get(0) + ": " + e.getMessage();
            log.error("instance {} {}", spec.id(), lastError);
            setState(ChildState.ERRORED);
            return;
        }
        process = p;
        long gen = ++generation;
        startedAt = ctx.clock().instant();
        healthy = false;
        failingSince = null;
        killedBySupervisor = false;
        log.info("instance {} started as pid {} on port {}", spec.id(), p.pid(), spec.port());
        setState(ChildState.STARTING);
        ctx.events().spawned(this, p.toHandle());
        p.onExit().thenRun(() -> ctx.scheduler().execute(() -> {
            try {
                exited(gen, p);
            } catch (RuntimeException e) { // an executor swallows it: the child would stay "online" with a dead pid
                log.error("instance {} exit of pid {} not handled", spec.id(), p.pid(), e);
            }
        }));
        Instant deadline = startedAt.plus(ctx.startTimeout());
        schedule(() -> checkReady(gen, deadline), Duration.ofMillis(200));
    }

    private void checkReady(long gen, Instant deadline) {
        boolean ok = ctx.probe().healthy(spec.port(), spec.healthPath());
        synchronized (this) {
            if (gen != generation || state != ChildState.STARTING) {
                return;
            }
            Instant now = ctx.clock().instant();
            if (ok) {
                healthy = true;
                policy.healthy();
                log.info("instance {} is healthy after {}", spec.id(), Durations.format(Duration.between(startedAt, now)));
                setState(ChildState.ONLINE);
                schedule(() -> checkHealth(gen), ctx.healthInterval());
            } else if (now.isAfter(deadline)) {
                lastError = "not healthy within " + Durations.format(ctx.startTimeout());
                log.warn("instance {} (pid {}) {}, killing it", spec.id(), process.pid(), lastError);
                killedBySupervisor = true;
                process.destroyForcibly();
            } else {
                schedule(() -> checkReady(gen, deadline), READY_POLL);
            }
        }
    }

    private void checkHealth(long gen) {
        boolean ok = ctx.probe().healthy(spec.port(), spec.healthPath());
        synchronized (this) {
            if (gen != generation || state != ChildState.ONLINE) {
                return;
            }
            Instant now = ctx.clock().instant();
            if (ok) {
                if (!healthy) {
                    log.info("instance {} is healthy again", spec.id());
                }
                healthy = true;
                failingSince = null;
                policy.healthy();
            } else {
                if (failingSince == null) {
                    log.warn("instance {} (pid {}) failed its health check", spec.id(), process.pid());
                    failingSince = now;
                    cpuNanosAtFailing = cpuNanos(process);
                    busyLogged = false;
                }
                healthy = false;
                Duration failing = Duration.between(failingSince, now);
                if (failing.compareTo(ctx.restart().hungAfter()) >= 0 && process.isAlive()) {
                    double cpuShare = cpuShare(failing);
                    // A process that works hard (overloaded: every core busy, its answers late) is not hung: killing
                    // it would turn a load peak into an outage of everything it serves. It gets BUSY_PATIENCE times
                    // the hung delay; a stopped or deadlocked one, using no CPU, is killed at once.
                    boolean busy = cpuShare >= BUSY_CPU_SHARE;
                    if (busy && failing.compareTo(ctx.restart().hungAfter().multipliedBy(BUSY_PATIENCE)) < 0) {
                        if (!busyLogged) {
                            busyLogged = true;
                            log.warn("instance {} (pid {}) has failed health checks for {} but is busy ({} % of a core): "
                                    + "not killed before {}", spec.id(), process.pid(), Durations.format(failing),
                                    Math.round(cpuShare * 100), Durations.format(ctx.restart().hungAfter().multipliedBy(BUSY_PATIENCE)));
                        }
                    } else {
                        lastError = (busy ? "overloaded: busy (" + Math.round(cpuShare * 100) + " % of a core) but failing health checks for "
                                : "hung: alive but failing health checks for ") + Durations.format(failing);
                        log.warn("instance {} (pid {}) is {}, killing it", spec.id(), process.pid(), lastError);
                        killedBySupervisor = true;
                        process.destroyForcibly();
                        publish();
                        return;
                    }
                }
            }
            publish();
            Duration next = ok ? ctx.healthInterval() : min(ctx.healthInterval(), Duration.ofSeconds(1));
            schedule(() -> checkHealth(gen), next);
        }
    }

    /** Share of one core the child used since its health checks began to fail; 0 when unknown. */
    private double cpuShare(Duration failing) {
        long nowCpu = cpuNanos(process);
        if (cpuNanosAtFailing < 0 || nowCpu < 0 || failing.isZero()) {
            return 0;
        }
        return (nowCpu - cpuNanosAtFailing) / (double) failing.toNanos();
    }

    private static long cpuNanos(Process p) {
        return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private void exited(long gen, Process p) {
        int code = p.exitValue();
        List<String> tail = LogTail.last(spec.output(), LOG_LINES);
        // -XX:+ExitOnOutOfMemoryError also exits with 3; its "Terminating due to java.lang.OutOfMemoryError" line
        // tells the two apart, and an out-of-memory exit is a crash to restart, not a port to free.
        boolean outOfMemory = code == EXIT_PORT_IN_USE && tail.stream().anyMatch(l -> l.contains("java.lang.OutOfMemoryError"));
        // Asking ss/lsof takes a moment; do it before taking the lock.
        String portMessage = code == EXIT_PORT_IN_USE && !outOfMemory ? PortOwner.describe(spec.port()) : null;
        synchronized (this) {
            if (gen != generation) {
                return;
            }
            process = null;
            healthy = false;
            lastExitCode = code;
            lastLogLines = tail;
            cancelTimer();
            if (state == ChildState.STOPPING || state == ChildState.STOPPED) {
                publish();
                return;
            }
            failed(code, portMessage, outOfMemory);
        }
    }

    private void failed(int code, String portMessage, boolean outOfMemory) {
        if (portMessage != null) {
            lastError = portMessage;
            log.error("instance {} cannot listen: {}; not restarting it (free the port, then `restart {}`)",
                    spec.id(), portMessage, spec.name());
            setState(ChildState.ERRORED);
            return;
        }
        RestartDecision decision = policy.failed();
        if (decision.giveUp()) {
            lastError = "exited with code " + code + "; " + decision.failuresInWindow() + " failures within "
                    + Durations.format(ctx.restart().window()) + ", not restarting";
            log.error("instance {} {} (command: {}); last output:\n{}", spec.id(), lastError,
                    String.join(" ", spec.command()), String.join("\n", lastLogLines));
            setState(ChildState.ERRORED);
            return;
        }
        long gen = generation;
        crashes++;
        if (!killedBySupervisor) {
            lastError = outOfMemory ? "out of memory (exited with code " + code + ")" : "exited with code " + code;
        }
        log.warn("instance {} exited with code {}, restarting in {}", spec.id(), code, Durations.format(decision.delay()));
        setState(ChildState.WAITING);
        schedule(() -> restartAfterBackoff(gen), decision.delay());
    }

    private synchronized void restartAfterBackoff(long gen) {
        if (gen == generation && state == ChildState.WAITING) {
            restarts++;
            spawn(true);
        }
    }

    private void schedule(Runnable task, Duration delay) {
        cancelTimer();
        timer = ctx.scheduler().schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("instance {} supervision task failed", spec.id(), e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void setState(ChildState next) {
        state = next;
        publish();
        notifyAll();
        ctx.events().stateChanged(this, snapshot);
    }

    private void publish() {
        Long pid = process == null ? null : process.pid();
        snapshot = new ChildSnapshot(spec.name(), spec.id(), spec.port(), pid, state, startedAt, restarts, crashes, healthy,
                lastExitCode, lastError, lastLogLines);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
