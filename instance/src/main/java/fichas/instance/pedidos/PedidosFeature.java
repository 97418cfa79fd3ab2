package fichas.instance.pedidos;

import fichas.instance.cache.Caches;
import fichas.instance.config.InstanceConfig;
import fichas.instance.http.Route;
import fichas.instance.idempotency.Idempotency;
import fichas.instance.imagens.ImagemRoutes;
import fichas.instance.imagens.ImagemStore;
import fichas.instance.imagens.MediaFiles;
import fichas.instance.imagens.MediaSweeper;
import fichas.instance.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pedidos, their images and the idempotent-create decorator, wired together, plus their
 * housekeeping on one daemon thread: the media directory is swept of orphans at start and hourly,
 * expired idempotency keys every ten minutes. Close it before the database.
 */
public final class PedidosFeature implements AutoCloseable {
    /** Files younger than this are never swept: an upload in flight may own them. */
    static final Duration MEDIA_GRACE = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(PedidosFeature.class);

    private final List<Route> routes;
    private final Idempotency idempotency;
    private final ScheduledExecutorService housekeeping;

    private PedidosFeature(List<Route> routes, Idempotency idempotency, ScheduledExecutorService housekeeping) {
        this.routes = routes;
        this.idempotency = idempotency;
        this.housekeeping = housekeeping;
    }

    public static PedidosFeature start(InstanceConfig config, Database database, Caches caches, Clock clock) {
        ImagemStore imagens = new ImagemStore(database);
        MediaFiles media = new MediaFiles(config.store().mediaDir(), imagens::isReferenced);
        List<Route> routes = new ArrayList<>(new PedidoRoutes(new PedidoStore(database),
                new PedidoQueries(database, caches),
                media, clock, config.server().timeZone()).routes());
        routes.addAll(new ImagemRoutes(imagens, media, clock).routes());
        Idempotency idempotency = new Idempotency(database, clock);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pedidos-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(new MediaSweeper(media, MEDIA_GRACE, clock), 0, 60, TimeUnit.MINUTES);
        housekeeping.scheduleWithFixedDelay(idempotency.sweeper(), 1, 10, TimeUnit.MINUTES);
        return new PedidosFeature(List.copyOf(routes), idempotency, housekeeping);
    }

    public List<Route> routes() {
        return routes;
    }

    /** Wraps the create routes among {@code all} (this feature's and every other) with idempotent keys. */
    public List<Route> withIdempotentCreates(List<Route> all) {
        return idempotency.decorate(all);
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        try {
            if (!housekeeping.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("pedidos housekeeping still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
