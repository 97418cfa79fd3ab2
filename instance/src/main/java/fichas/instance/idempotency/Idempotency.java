package fichas.instance.idempotency;

import fichas.instance.http.Access;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import fichas.instance.http.Timestamps;
import fichas.instance.store.Database;
import io.undertow.util.Methods;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent creates (API.md): {@link #decorate} wraps every authenticated {@code POST} that takes a
 * body, which are the creates (clientes, tipos, users, pedidos, imagens); other routes ignore the
 * header. {@link #sweeper} removes expired keys. Thread-safe.
 */
public final class Idempotency {
    /** How long a key and its answer are kept. */
    public static final Duration TTL = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

    private final IdempotencyKeys keys;
    private final Clock clock;

    public Idempotency(Database database, Clock clock) {
        this.keys = new IdempotencyKeys(database);
        this.clock = clock;
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
