package fichas.balancer;

import fichas.balancer.health.HealthChecker;
import fichas.balancer.frontdoor.BodyBudget;
import fichas.balancer.frontdoor.ClientConnections;
import fichas.balancer.frontdoor.FrontDoorHook;
import fichas.balancer.http.ErrorResponses;
import fichas.core.http.RequestIdHandler;
import fichas.balancer.http.StrictFramingHandler;
import fichas.observability.http.HttpListener;
import fichas.balancer.proxy.BackendRegistry;
import fichas.balancer.proxy.ConnectionPools;
import fichas.balancer.proxy.ProxyContext;
import fichas.balancer.proxy.ProxyHandler;
import fichas.balancer.proxy.RoundRobin;
import fichas.balancer.ratelimit.RateLimitHandler;
import fichas.balancer.ratelimit.RateLimiter;
import io.undertow.Handlers;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;

/**
 * The reverse proxy in front of the instances: round robin over healthy backends, active and passive
 * health checks, retries, a bounded wait queue, rate limits per client IP. It serves no paths of its own: a
 * {@link Mount} (the admin console, module {@code console}) may serve some in front of the proxy. Its public
 * surface is this class, {@link BalancerState} (live counters and backends), {@link BalancerSnapshot},
 * {@link BackendStatus} and {@link BalancerListener}. See {@code balancer/README.md}.
 *
 * <p>Thread-safe. {@link #start} binds and returns once the port is open; the first health checks run
 * right after. {@link #awaitDrained} blocks the caller and must not be called on an IO thread; every
 * other method returns at once. Unknown backend ids throw {@link IllegalArgumentException}.
 */
public final class Balancer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Balancer.class);
    private static final long MAX_RATE_LIMITED_CLIENTS = 100_000;

    private final HttpListener server;
    private final BackendRegistry registry;
    private final ConnectionPools pools;
    private final HealthChecker health;
    private final BalancerState state;
    private final Mount mount;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Balancer(HttpListener server, BackendRegistry registry, ConnectionPools pools, HealthChecker health,
                     BalancerState state, Mount mount) {
        this.server = server;
        this.registry = registry;
        this.pools = pools;
        this.health = health;
        this.state = state;
        this.mount = mount;
        this.port = server.port();
    }

    /** Binds the port and starts the health checks, with nothing mounted in front of the proxy. */
    public static Balancer start(BalancerConfig config, List<Backend> backends, BalancerListener listener) {
        return start(config, backends, listener, Mount.none());
    }

    /**
     * Binds the port and starts the health checks; {@code mount}'s handler sees every request before the proxy
     * (see {@link Mount} for the order of its calls). Throws if the port cannot be bound.
     */
    public static Balancer start(BalancerConfig config, List<Backend> backends, BalancerListener listener,
                                 Mount mount) {
        requireDistinct(backends);
        BackendRegistry registry = new BackendRegistry(backends, config.health().fall(), config.health().rise(),
                config.health().passiveFailures(), new RoundRobin(), config.proxy().writeRouting());
        ConnectionPools pools = new ConnectionPools(registry.all(), config.proxy().connectionsPerBackend(), config.listen().ioThreads(),
                config.proxy().idleTimeout(), config.proxy().queueSize(), config.proxy().queueTimeout());
        FrontDoorConfig door = config.frontDoor();
        LongAdder refused = new LongAdder();
        // The per-client caps belong to the rate limits: FICHAS_RATELIMIT_ENABLED=false (load tests, all
        // from one address) lifts them too; the global body budget always holds.
        long clientBodyBytes = config.rateLimit().enabled() ? door.clientBodyBytes() : Long.MAX_VALUE;
        int clientConnections = config.rateLimit().enabled() ? door.clientConnections() : Integer.MAX_VALUE;
        BodyBudget bodies = new BodyBudget(door.bodyBudgetBytes(), clientBodyBytes);
        ClientConnections connections = new ClientConnections(clientConnections);
        BalancerState state = new BalancerState(config, registry, pools, bodies, connections);
        HttpHandler proxy = new ProxyHandler(new ProxyContext(config, registry, pools, state.retryCounter(),
                state.failureCounter(), bodies, refused));
        if (config.rateLimit().enabled()) {
            proxy = new RateLimitHandler(
                    new RateLimiter(config.rateLimit().perMinute(), MAX_RATE_LIMITED_CLIENTS, System::nanoTime),
                    new RateLimiter(config.rateLimit().healthPerMinute(), MAX_RATE_LIMITED_CLIENTS, System::nanoTime),
                    state.rateLimitedCounter(), proxy);
        }
        HttpHandler limited = proxy;
        LongAdder proxied = state.requestCounter();
        HttpHandler counted = exchange -> {
            proxied.increment();
            limited.handleRequest(exchange);
        };
        // The mount sits in front of the rate limit: the dashboard's polling must not eat the API budget of the
        // operator's machine.
        HttpHandler handler = mount.mount(state, counted);
        handler = Handlers.httpContinueRead(RequestIdHandler.forwarding(ErrorResponses.BALANCER_INSTANCE, new StrictFramingHandler(handler)));
        OptionMap serverOptions = OptionMap.builder()
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, Math.toIntExact(door.headerTimeout().toMillis()))
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, Math.toIntExact(door.keepAliveTimeout().toMillis()))
                // Only a backstop: the proxy caps bodies itself (413, BodyReader). Undertow's chunked cap is fixed
                // when the head is parsed and fails the read without an answer, so it must sit above the proxy's.
                .set(UndertowOptions.MAX_ENTITY_SIZE, config.proxy().undertowEntityCap())
                // Undertow's default is 1 MiB of headers per request, held while it arrives: 180 connections
                // from three addresses sending endless headers ran the balancer out of heap.
                .set(UndertowOptions.MAX_HEADER_SIZE, door.maxHeaderBytes())
                .getMap();
        HttpListener server;
        try {
            // Proxying never blocks; the 4 workers serve what a mount dispatches (the console's admin routes).
            server = HttpListener.start(config.listen().bindAddress(), config.listen().port(), config.listen().ioThreads(), 4, 1024,
                    serverOptions, handler, new FrontDoorHook(connections,
                            door.writeStallTimeout().toMillis(), refused));
        } catch (RuntimeException e) {
            mount.close();
            throw e;
        }
        HealthChecker health = new HealthChecker(registry.all(), config.health().interval(), config.health().fastInterval(),
                config.health().timeout(), config.health().fall(), config.health().rise(), listener);
        Balancer balancer = new Balancer(server, registry, pools, health, state, mount);
        state.port(balancer.port);
        health.start();
        mount.started();
        log.info("balancer listening on {}:{} for backends {} with {}", config.listen().bindAddress(), balancer.port,
                backends, config);
        return balancer;
    }

    private static void requireDistinct(List<Backend> backends) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("backends must not be empty");
        }
        var ids = new HashSet<String>();
        for (Backend b : backends) {
            if (!ids.add(b.id())) {
                throw new IllegalArgumentException("backend ids must be distinct, but " + b.id() + " repeats");
            }
        }
    }

    /** The port actually bound (useful when the configured port was 0). */
    public int port() {
        return port;
    }

    /** Stops sending new requests to the backend; requests already there finish. */
    public void drain(String backendId) {
        registry.drain(backendId);
    }

    /** Blocks until the backend has no request in flight; false on timeout or interrupt. */
    public boolean awaitDrained(String backendId, Duration timeout) {
        return registry.awaitDrained(backendId, timeout);
    }

    /** Puts a drained backend back into rotation; health checks still decide whether it is UP. */
    public void admit(String backendId) {
        registry.admit(backendId);
    }

    /**
     * The id of the backend that takes every write now; null with round-robin write routing or when no backend
     * is in rotation. Asking may hand the role on when the writer has left the rotation.
     */
    public String writer() {
        return registry.writerId();
    }

    public BalancerSnapshot snapshot() {
        return state.snapshot();
    }

    /** The live counters and backends, as a {@link Mount} sees them. */
    public BalancerState state() {
        return state;
    }

    /** Stops the health checks and the server; in-flight requests are cut. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        health.close();
        pools.closeIdle();
        server.close();
        // After the server: a request still in flight in the mount's handlers could otherwise use what it closes.
        mount.close();
        log.info("balancer on port {} stopped", port);
    }
}
