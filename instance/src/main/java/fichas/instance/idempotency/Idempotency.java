package fichas.instance.idempotency;

import fichas.core.http.Access;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import fichas.instance.http.Timestamps;
import fichas.instance.store.Database;
import io.undertow.util.Methods;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent creates (API.md), a feature of its own: {@link #decorate} wraps every authenticated {@code POST}
 * that takes a body, which are the creates of every module (clientes, tipos, users, pedidos, imagens); other
 * routes ignore the header. A decorated route hands the key to its create's write through
 * {@link fichas.instance.http.ApiRequest#afterWrite()}. {@link #start} also sweeps expired keys every ten minutes
 * on a daemon thread of its own; close it before the database. Thread-safe.
 */
public final class Idempotency implements AutoCloseable {
    /** How long a key and its answer are kept. */
    public static final Duration TTL = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

    private final IdempotencyKeys keys;
    private final Clock clock;
    private ScheduledExecutorService housekeeping;

    /** Decorates and sweeps on demand; schedules nothing (see {@link #start}). */
    public Idempotency(Database database, Clock clock) {
        this.keys = new IdempotencyKeys(database);
        this.clock = clock;
    }

    /** The feature with its sweep of expired keys scheduled (first after a minute, then every ten). */
    public static Idempotency start(Database database, Clock clock) {
        Idempotency idempotency = new Idempotency(database, clock);
        idempotency.housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idempotency-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        idempotency.housekeeping.scheduleWithFixedDelay(idempotency.sweeper(), 1, 10, TimeUnit.MINUTES);
        return idempotency;
    }

    @Override
    public void close() {
        if (housekeeping == null) {
            return;
        }
        housekeeping.shutdownNow();
        try {
            if (!housekeeping.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("idempotency sweeper still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<Route> decorate(List<Route> routes) {
        return routes.stream().map(this::decorate).toList();
    }

    private Route decorate(Route route) {
        boolean create = route.method().equals(Methods.POST) && route.access() != Access.PUBLIC
                && route.bodyKind() != BodyKind.NONE;
        if (!create) {
            return route;
        }
        return new Route(route.method(), route.template(), route.access(), route.bodyKind(),
                new IdempotentEndpoint(route.endpoint(), route.bodyKind(), keys, clock, TTL));
    }

    /** A task that deletes expired keys; catches and logs its failures, so it can be scheduled. */
    public Runnable sweeper() {
        return () -> {
            try {
                int deleted = keys.sweep(Timestamps.now(clock));
                if (deleted > 0) {
                    log.info("idempotency keys swept: {} expired", deleted);
                }
            } catch (RuntimeException e) {
                log.warn("idempotency key sweep failed: {}", e.getMessage());
            }
        };
    }
}
