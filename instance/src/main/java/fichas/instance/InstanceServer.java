package fichas.instance;

import fichas.instance.apidoc.ApiDescriptionRoutes;
import fichas.instance.auth.Accounts;
import fichas.instance.auth.AuthRoutes;
import fichas.instance.auth.AuthService;
import fichas.instance.auth.InitialAdmin;
import fichas.instance.auth.LoginThrottle;
import fichas.instance.auth.HashingPool;
import fichas.instance.auth.PasswordHasher;
import fichas.instance.auth.Passwords;
import fichas.instance.auth.UserRoutes;
import com.github.benmanes.caffeine.cache.Ticker;
import fichas.instance.backup.BackupRoutes;
import fichas.instance.backup.BackupService;
import fichas.instance.cache.Caches;
import fichas.instance.clientes.ClienteRoutes;
import fichas.instance.clientes.ClienteStore;
import fichas.instance.config.InstanceConfig;
import fichas.instance.events.EventHub;
import fichas.instance.events.EventRoutes;
import fichas.instance.health.HealthRoutes;
import fichas.instance.http.AccessLogHandler;
import fichas.core.http.ApiException;
import fichas.core.http.ErrorBody;
import fichas.core.http.ErrorCode;
import fichas.core.http.ErrorHandler;
import fichas.core.http.GzipHandler;
import fichas.core.http.RequestIdHandler;
import fichas.core.http.RequestIds;
import fichas.instance.http.StoreErrors;
import fichas.instance.http.Route;
import fichas.core.http.Router;
import fichas.instance.monitoring.BuildVersion;
import fichas.instance.monitoring.CacheRoutes;
import fichas.instance.monitoring.InstanceMeters;
import fichas.instance.monitoring.Monitoring;
import fichas.instance.idempotency.Idempotency;
import fichas.instance.pedidos.PedidosFeature;
import fichas.instance.resilience.DatabaseGuard;
import fichas.instance.store.Database;
import fichas.instance.store.SqliteErrors;
import fichas.instance.tipos.TipoRoutes;
import fichas.instance.tipos.TipoStore;
import fichas.observability.http.FramingConduit;
import fichas.observability.http.DateHeader;
import fichas.observability.http.HttpListener;
import fichas.observability.http.ParseErrorConduit;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import org.xnio.OptionMap;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance: the database, the routes and the Undertow server. The request path is
 * request metrics → gzip → request id → access log → dispatch to a worker → errors → router
 * (404/405, auth, role) → endpoint → store. Start with {@link #start}, stop with {@link #close}.
 */
public final class InstanceServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceServer.class);

    private final InstanceConfig config;
    private final Database database;
    private final HttpListener undertow;
    private final GracefulShutdownHandler graceful;
    private final Caches caches;
    private final Monitoring monitoring;
    private PedidosFeature pedidos;
    private Idempotency idempotency;
    private BackupService backups;
    private List<Route> routes = List.of();
    private EventHub events;
    private Passwords passwords;

    private InstanceServer(InstanceConfig config, Database database, Caches caches, Monitoring monitoring,
                           HttpListener undertow, GracefulShutdownHandler graceful) {
        this.config = config;
        this.database = database;
        this.caches = caches;
        this.monitoring = monitoring;
        this.undertow = undertow;
        this.graceful = graceful;
    }

    /** Undertow's own body cap, above every route's cap (API.md: uploads up to 8 MiB). */
    static final long MAX_ENTITY_BYTES = 16L * 1024 * 1024;
    /**
     * Request line + headers, at most (Undertow's default is 1 MiB, held in memory while it arrives: a few clients
     * sending endless headers ran a JVM out of heap). Twice the balancer's default front-door cap, so whatever the
     * balancer lets through, with its forwarding headers added, fits.
     */
    static final int MAX_REQUEST_HEAD_BYTES = 32 * 1024;

    /**
     * Binds the port (port 0: any free one), then opens the database, creates the admin user on
     * first start and opens the routes. Until the routes are open every request is answered
     * {@code 503 unavailable}; binding first lets a port-0 instance name its real port everywhere
     * (log line, {@code X-Instance}, {@code /health}, the configuration dump).
     */
    public static InstanceServer start(InstanceConfig requested, Clock clock) {
        ReadyGate gate = new ReadyGate(handlerChain(requested, exchange -> {
            throw ApiException.unavailable("the instance is starting", 1);
        }));
        OptionMap options = OptionMap.builder()
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .set(UndertowOptions.IDLE_TIMEOUT, 75_000)
                // Date is set by our DateHeader: Undertow's JVM-wide cache froze in a standby that had rehearsed a start
                .set(UndertowOptions.ALWAYS_SET_DATE, false)
                // Undertow 2.4 caps bodies at 2 MiB by default; the routes cap their own bodies (8 MiB for
                // an image upload, ApiRequest/UploadReader), this is only the backstop above them.
                .set(UndertowOptions.MAX_ENTITY_SIZE, MAX_ENTITY_BYTES)
                .set(UndertowOptions.MAX_HEADER_SIZE, MAX_REQUEST_HEAD_BYTES)
                // one System.nanoTime() per request, read back by the request metrics
                .set(UndertowOptions.RECORD_REQUEST_START_TIME, true)
                .getMap();
        String instanceId = requested.server().instanceId();
        // The request Undertow's parser refuses, and bad chunk framing, get the API.md JSON 400 too.
        HttpListener undertow = HttpListener.start(requested.server().bindAddress(), requested.server().port(),
                requested.server().ioThreads(), requested.server().workerThreads(), 1000, options, new DateHeader(gate),
                connection -> {
                    ParseErrorConduit.install(connection, () -> badRequest(instanceId));
                    FramingConduit.install(connection, () -> badRequest(instanceId));
                    return true;
                });
        try {
            InstanceConfig config = requested.withBoundPort(boundPort(undertow));
            InstanceServer server = open(config, clock, undertow, gate);
            log.info("instance {} listening on {}:{}", config.server().instanceId(), config.server().bindAddress(),
                    server.port());
            return server;
        } catch (RuntimeException e) {
            undertow.close();
            throw e;
        }
    }

    private static InstanceServer open(InstanceConfig config, Clock clock, HttpListener undertow, ReadyGate gate) {
        InstanceMeters meters = InstanceMeters.create();
        Database database;
        try {
            database = Database.open(config.store(),
                    new DatabaseGuard(config.resilience(), SqliteErrors::isPersistentFailure, clock),
                    config.resilience().slowQuery(), meters.registry());
        } catch (RuntimeException e) {
            meters.close();
            throw e;
        }
        Caches caches = Caches.open(config.cache(), database, Ticker.systemTicker(), clock,
                config.events().retention(), config.events().retainEvents());
        caches.bindTo(meters.registry());
        Monitoring monitoring = Monitoring.start(config, clock, meters, database, caches);
        EventHub events = null;
        Passwords passwordsToClose = null;
        try {
            Passwords hasher = passwords(config);
            passwordsToClose = hasher;
            monitoring.releaseWhenIdle(hasher::releaseKeptMemory);
            LoginThrottle throttle = new LoginThrottle(database, clock, config.auth().loginMaxFailures(),
                    config.auth().loginFailureWindow());
            AuthService auth = new AuthService(database, hasher, throttle, config.auth().tokenTtl(), clock, caches);
            InitialAdmin.ensure(auth, config.auth().initialAdminPassword(), config.store().dataDir());
            List<Route> routes = new ArrayList<>();
            routes.addAll(new HealthRoutes(database, config.server().instanceId()).routes());
            routes.addAll(new ApiDescriptionRoutes().routes());
            routes.addAll(new AuthRoutes(auth).routes());
            routes.addAll(new UserRoutes(new Accounts(database, hasher, throttle, clock)).routes());
            routes.addAll(new TipoRoutes(new TipoStore(database, caches), clock).routes());
            ClienteStore clientes = new ClienteStore(database, caches);
            routes.addAll(new ClienteRoutes(clientes, clock).routes());
            routes.addAll(new CacheRoutes(caches, database).routes());
            routes.addAll(monitoring.routes());
            PedidosFeature pedidos = PedidosFeature.start(config, database, caches, clock);
            routes.addAll(pedidos.routes());
            events = EventHub.start(config.events(), database, meters.registry());
            monitoring.watchEvents(events);
            routes.addAll(new EventRoutes(events).routes());
            BackupService backups = BackupService.create(config.store().dataDir(), config.backup(),
                    config.store().busyTimeout(), BuildVersion.current(), database, monitoring.alerts(), clock,
                    config.server().instanceId());
            routes.addAll(new BackupRoutes(backups).routes());
            Idempotency idempotency = Idempotency.start(database, clock);
            routes = idempotency.decorate(routes);
            GracefulShutdownHandler graceful = new GracefulShutdownHandler(monitoring.around(handlerChain(config,
                    new Router(routes.stream().map(route -> route.served(config.server().maxJsonBytes())).toList(),
                            (token, exchange) -> auth.authenticate(token), config.monitoring().metricsCallers()))));
            InstanceServer server = new InstanceServer(config, database, caches, monitoring, undertow, graceful);
            server.pedidos = pedidos;
            server.idempotency = idempotency;
            server.routes = List.copyOf(routes);
            server.events = events;
            server.backups = backups;
            gate.open(graceful);
            server.passwords = hasher;
            backups.startSchedule();
            repairSortKeysInBackground(clientes);
            return server;
        } catch (RuntimeException e) {
            if (events != null) {
                events.close();
            }
            if (passwordsToClose != null) {
                passwordsToClose.close();
            }
            monitoring.close();
            caches.close();
            database.close();
            throw e;
        }
    }

    /** The configured password scheme, hashing in a pool bounded to this instance's share of the cores. */
    public static Passwords passwords(InstanceConfig config) {
        HashingPool pool = new HashingPool(config.auth().effectiveHashCores(), config.auth().loginMaxWait(),
                config.auth().loginDeadline(), config.auth().loginQueueMax(), config.auth().loginHashNice());
        return new Passwords(new PasswordHasher(config.auth().passwordHash(), config.auth().pbkdf2Iterations(),
                pool.stats().threads()), pool);
    }

    /** Once per start, off the request path: clientes written without their sort key by an older version. */
    private static void repairSortKeysInBackground(ClienteStore clientes) {
        Thread thread = new Thread(() -> {
            try {
                int repaired = clientes.repairSortKeys();
                if (repaired > 0) {
                    log.info("sort keys of {} clientes set again (written by an older version or by hand)", repaired);
                }
            } catch (RuntimeException e) {
                log.warn("clientes' sort keys not checked: {}", e.getMessage());
            }
        }, "clientes-sort-keys");
        thread.setDaemon(true);
        thread.start();
    }

    static HttpHandler handlerChain(InstanceConfig config, HttpHandler router) {
        String instanceId = config.server().instanceId();
        HttpHandler handler = new BlockingHandler(new ErrorHandler(router, new StoreErrors(), false));
        if (config.server().accessLog()) {
            handler = new AccessLogHandler(handler);
        }
        handler = RequestIdHandler.answering(instanceId, handler);
        return new GzipHandler(handler, 1024);
    }

    /** The bound port (the real one when configured with port 0). */
    public int port() {
        return boundPort(undertow);
    }

    /** The routes the router serves (method + template + access), in matching order. */
    public List<Route> routes() {
        return routes;
    }

    /** The configuration this instance runs with, its real port filled in. */
    public InstanceConfig config() {
        return config;
    }

    /** The whole 400 response for a request no handler saw (Undertow's parser refused it). */
    static byte[] badRequest(String instanceId) {
        String id = RequestIds.generate();
        String json = ErrorBody.text(ErrorCode.BAD_REQUEST,
                "the request is not valid HTTP/1.1 (request line, headers or chunked framing)", id);
        return ParseErrorConduit.response(400, "Bad Request", json, "X-Request-Id: " + id,
                "X-Instance: " + instanceId);
    }

    private static int boundPort(HttpListener undertow) {
        return undertow.port();
    }

    public Database database() {
        return database;
    }

    public Caches caches() {
        return caches;
    }

    /** Password checks and hashes, and their bounded pool. */
    public Passwords passwords() {
        return passwords;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    public EventHub events() {
        return events;
    }

    /** Backups of this instance's data directory, and its share of the scheduled ones. */
    public BackupService backups() {
        return backups;
    }

    /** Graceful stop: refuse new requests, let in-flight ones finish (bounded), close the database. */
    @Override
    public void close() {
        String id = config.server().instanceId();
        log.info("instance {} stopping: finishing in-flight requests", id);
        // event streams never finish by themselves: end them first (clients reconnect elsewhere)
        events.close();
        graceful.shutdown();
        try {
            if (!graceful.awaitShutdown(config.lifecycle().shutdownTimeout().toMillis())) {
                log.warn("instance {} stopped with requests still in flight after {} ms", id,
                        config.lifecycle().shutdownTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.close();
        if (backups != null) {
            backups.close();
        }
        if (pedidos != null) {
            pedidos.close();
        }
        if (idempotency != null) {
            idempotency.close();
        }
        if (passwords != null) {
            passwords.close();
        }
        monitoring.close();
        caches.close();
        database.close();
        log.info("instance {} stopped", id);
    }
}
