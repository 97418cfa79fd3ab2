package fichas.balancer.proxy;

import fichas.core.http.ErrorCode;
import fichas.balancer.WriteRouting;
import fichas.balancer.http.ErrorResponses;
import fichas.core.http.RequestIds;
import io.undertow.server.HttpServerExchange;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request on its way through the balancer: picks a backend, waits in the queue when every
 * connection is busy, and decides after a failed {@link Attempt} whether to try again. Confined to the
 * exchange's IO thread.
 */
final class ProxyExchange implements IoThreadPools.Waiter {
    private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

    private final ProxyContext context;
    private final HttpServerExchange exchange;
    private final byte[] body;
    private final boolean upgrade;
    private final boolean eventStream;
    private final boolean replayable;
    private final boolean write;
    private final IoThreadPools pools;
    private final long deadline;
    private final Set<BackendState> tried = new HashSet<>(4);
    private int attempts;

    ProxyExchange(ProxyContext context, HttpServerExchange exchange, byte[] body, boolean upgrade) {
        this.context = context;
        this.exchange = exchange;
        this.body = body;
        this.upgrade = upgrade;
        this.eventStream = !upgrade && EventStreams.isEventStream(exchange);
        this.replayable = !upgrade && RetryPolicy.replayable(exchange.getRequestMethod(), exchange.getRequestHeaders());
        this.write = RetryPolicy.routedAsWrite(exchange.getRequestMethod(), exchange.getRequestPath());
        this.pools = context.pools().forThread(exchange.getIoThread());
        this.deadline = System.nanoTime() + context.config().proxy().totalTimeout().toNanos();
    }

    HttpServerExchange exchange() {
        return exchange;
    }

    byte[] body() {
        return body;
    }

    boolean upgrade() {
        return upgrade;
    }

    /**
     * A request for a long-lived stream ({@code GET /events}): it gets a backend connection of its
     * own, outside the pools (as an upgrade does), so open streams never take the connections
     * ordinary requests need, and its response is relayed as it comes, never buffered.
     */
    boolean eventStream() {
        return eventStream;
    }

    /** A connection of its own, closed when done: WebSocket upgrades and event streams. */
    boolean dedicatedConnection() {
        return upgrade || eventStream;
    }

    BackendRegistry registry() {
        return context.registry();
    }

    int responseBufferBytes() {
        return context.config().proxy().responseBufferBytes();
    }

    /** This attempt's timeout: the per-attempt cap, cut short by what is left of the total. */
    long attemptTimeoutMs() {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        return Math.min(context.config().proxy().attemptTimeout().toMillis(), left);
    }

    void start() {
        if (System.nanoTime() - deadline >= 0) {
            context.failures().increment();
            ErrorResponses.send(exchange, ErrorCode.GATEWAY_TIMEOUT, "no backend answered in time", 0);
            return;
        }
        List<BackendState> candidates = context.registry().candidates(tried, write);
        if (candidates.isEmpty()) {
            unavailable("no backend is available");
        } else if (!startOn(candidates) && !pools.enqueue(this)) {
            unavailable("every backend connection is busy and the queue is full");
        }
    }

    private boolean startOn(List<BackendState> candidates) {
        // A write under writer routing waits for a connection to the writer rather than spill onto another
        // backend and contend with it for the database's write lock.
        boolean pinned = write && context.registry().writeRouting() == WriteRouting.WRITER;
        for (BackendState b : pinned ? candidates.subList(0, 1) : candidates) {
            HostPool pool = pools.pool(b);
            if (upgrade || pool.hasCapacity()) {
                attempts++;
                tried.add(b);
                new Attempt(this, b, pool).run();
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean tryStart() {
        List<BackendState> candidates = context.registry().candidates(tried, write);
        if (candidates.isEmpty()) {
            unavailable("no backend is available");
            return true;
        }
        return startOn(candidates);
    }

    @Override
    public void queueTimedOut() {
        unavailable("no backend connection came free within " + context.config().proxy().queueTimeout().toMillis() + " ms");
    }

    /**
     * True when a replayable request has attempts and time left and an untried backend to go to: only
     * then is a 502/503/504 from a backend retried instead of passed on.
     */
    boolean wouldRetryElsewhere() {
        if (!replayable || attempts >= context.config().proxy().maxAttempts() || System.nanoTime() - deadline >= 0) {
            return false;
        }
        for (BackendState b : context.registry().candidates(tried, write)) {
            if (!tried.contains(b)) {
                return true;
            }
        }
        return false;
    }

    /** A backend's 5xx answer goes to the client as it is. */
    void failedWithBackendStatus() {
        context.failures().increment();
    }

    void retryAfterBackendStatus(Attempt attempt, int status) {
        attempt.backend().retries.increment();
        context.retries().increment();
        log.debug("request {} {} {} retried after status {} from backend {}", RequestIds.of(exchange),
                exchange.getRequestMethod(), exchange.getRequestURI(), status, attempt.backend().id());
        start();
    }

    /** Called once per failed attempt whose response was not yet committed to the client. */
    void attemptFailed(Attempt attempt, Attempt.Failure failure, Throwable cause) {
        BackendState backend = attempt.backend();
        boolean safe = failure == Attempt.Failure.NOT_SENT || replayable;
        if (safe && attempts < context.config().proxy().maxAttempts() && System.nanoTime() - deadline < 0) {
            backend.retries.increment();
            context.retries().increment();
            log.debug("request {} {} {} retried after {} on backend {}: {}", RequestIds.of(exchange),
                    exchange.getRequestMethod(), exchange.getRequestURI(), failure, backend.id(), String.valueOf(cause));
            start();
            return;
        }
        log.warn("request {} {} {} failed with {} on backend {} after {} attempts: {}", RequestIds.of(exchange),
                exchange.getRequestMethod(), exchange.getRequestURI(), failure, backend.id(), attempts,
                String.valueOf(cause));
        if (failure != Attempt.Failure.NOT_SENT) {
            context.failures().increment(); // NOT_SENT goes through unavailable(), which counts it
        }
        switch (failure) {
            case TIMEOUT -> ErrorResponses.send(exchange, ErrorCode.GATEWAY_TIMEOUT,
                    "the backend did not answer in time", 0);
            case BACKEND_DOWN -> ErrorResponses.send(exchange, ErrorCode.GATEWAY_TIMEOUT,
                    "the backend stopped answering (health checks declared it down); the request may or may not "
                            + "have been processed", 0);
            case NOT_SENT -> unavailable("no backend could be reached");
            default -> ErrorResponses.send(exchange, ErrorCode.BAD_GATEWAY,
                    "the backend closed the connection without a complete response", 0);
        }
    }

    private void unavailable(String message) {
        context.failures().increment();
        ErrorResponses.send(exchange, ErrorCode.UNAVAILABLE, message, 1);
    }
}
