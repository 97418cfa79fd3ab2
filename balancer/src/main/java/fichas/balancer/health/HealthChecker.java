package fichas.balancer.health;

import fichas.balancer.BalancerListener;
import fichas.balancer.proxy.BackendState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active checks: {@code GET /health} on every backend, each on its own schedule so they run in parallel
 * and one slow backend never delays another. The next check of a backend comes after {@code interval},
 * or after {@code fastInterval} while it is between states. Results are applied, and the listener called,
 * on one scheduler thread; a throwing listener is logged and the checks go on.
 */
public final class HealthChecker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

    private final List<BackendState> backends;
    private final Duration interval;
    private final Duration fastInterval;
    private final Duration timeout;
    private final int fall;
    private final int rise;
    private final BalancerListener listener;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpExecutor;
    private final HttpClient client;
    private volatile boolean closed;

    public HealthChecker(List<BackendState> backends, Duration interval, Duration fastInterval, Duration timeout,
                         int fall, int rise, BalancerListener listener) {
        this.backends = backends;
        this.interval = interval;
        this.fastInterval = fastInterval;
        this.timeout = timeout;
        this.fall = fall;
        this.rise = rise;
        this.listener = listener;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("fichas-balancer-health"));
        this.httpExecutor = Executors.newSingleThreadExecutor(daemon("fichas-balancer-health-http"));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(httpExecutor)
                .build();
    }

    public void start() {
        for (BackendState b : backends) {
            scheduler.execute(() -> probe(b));
        }
    }

    private void probe(BackendState backend) {
        if (closed) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(backend.uri() + "/health"))
                .timeout(timeout)
                .header("X-Request-Id", "balancer-health-check")
                .GET()
                .build();
        long started = System.nanoTime();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((response, error) -> {
                    boolean passed = error == null && response.statusCode() == 200;
                    String why = error != null ? error.toString() : "status " + response.statusCode();
                    // A check that timed out has no latency to show, only the timeout it hit.
                    Double millis = error instanceof TimeoutException ? null : (System.nanoTime() - started) / 1e6;
                    backend.healthHistory().record(new HealthHistory.Check(Instant.now(), passed, millis));
                    runOnScheduler(() -> apply(backend, passed, why));
                });
    }

    private void apply(BackendState backend, boolean passed, String why) {
        try {
            switch (backend.health().record(passed)) {
                case WENT_DOWN -> {
                    // Only when another backend is in rotation: when every check fails at once, the likelier cause
                    // is an overloaded machine, and moving (or 504ing) what waits would only add to it.
                    boolean moved = othersInRotation(backend);
                    if (moved) {
                        backend.failOverWaiting();
                    }
                    log.warn("backend {} DOWN after {} failed checks: {}; {} requests in flight there{}", backend.id(),
                            fall, why, backend.inFlight(), moved ? ", those still waiting failed over" : "");
                    listener.backendDown(backend.id());
                }
                case WENT_UP -> {
                    log.info("backend {} UP after {} passed checks", backend.id(), rise);
                    listener.backendUp(backend.id());
                }
                case NONE -> {
                }
            }
        } catch (RuntimeException e) {
            log.error("backend {} health listener failed", backend.id(), e);
        }
        Duration next = nextDelay(backend.health(), interval, fastInterval);
        runOnScheduler(() -> scheduler.schedule(() -> probe(backend), next.toMillis(), TimeUnit.MILLISECONDS));
    }

    private boolean othersInRotation(BackendState down) {
        for (BackendState b : backends) {
            if (b != down && !b.draining() && b.health().isUp()) {
                return true;
            }
        }
        return false;
    }

    /** Checks come faster while a backend is between states, so a change is confirmed (or undone) quickly. */
    static Duration nextDelay(HealthTracker health, Duration interval, Duration fastInterval) {
        return health.changing() ? fastInterval : interval;
    }

    private void runOnScheduler(Runnable task) {
        if (!closed) {
            try {
                scheduler.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the check result no longer matters
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
