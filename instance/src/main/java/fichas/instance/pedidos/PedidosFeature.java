package fichas.instance.pedidos;

import fichas.instance.cache.Caches;
import fichas.instance.config.InstanceConfig;
import fichas.instance.http.Route;
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
 * Pedidos and their images, wired together, plus their housekeeping on one daemon thread: the media
 * directory is swept of orphans at start and hourly. Close it before the database. (Idempotent creates are a
 * feature of their own, {@link fichas.instance.idempotency.Idempotency}.)
 */
public final class PedidosFeature implements AutoCloseable {
    /** Files younger than this are never swept: an upload in flight may own them. */
    static final Duration MEDIA_GRACE = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(PedidosFeature.class);

    private final List<Route> routes;
    private final ScheduledExecutorService housekeeping;

    private PedidosFeature(List<Route> routes, ScheduledExecutorService housekeeping) {
        this.routes = routes;
        this.housekeeping = housekeeping;
    }

    public static PedidosFeature start(InstanceConfig config, Database database, Caches caches, Clock clock) {
        ImagemStore imagens = new ImagemStore(database);
        MediaFiles media = new MediaFiles(config.store().mediaDir(), imagens::isReferenced);
        List<Route> routes = new ArrayList<>(new PedidoRoutes(new PedidoStore(database),
                new PedidoQueries(database, caches),
                media, clock, config.server().timeZone()).routes());
        routes.addAll(new ImagemRoutes(imagens, media, clock).routes());
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pedidos-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(new MediaSweeper(media, MEDIA_GRACE, clock), 0, 60, TimeUnit.MINUTES);
        return new PedidosFeature(List.copyOf(routes), housekeeping);
    }

    public List<Route> routes() {
        return routes;
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
