package fichas.instance.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import fichas.instance.config.CacheConfig;
import fichas.instance.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caches of one instance and what keeps them coherent with the others: a {@link ChangeFeed}
 * checked before every cached read, which invalidates precisely what each logged change can have
 * made stale (the row, and the list pages it can appear in), and a sweeper that keeps
 * {@code change_log} short. When the feed cannot check, reads go to the database. Thread-safe.
 */
public final class Caches implements AutoCloseable {
    public static final String CLIENTES = "clientes";
    public static final String CLIENTES_PAGES = "clientes_pages";
    public static final String TIPOS = "tipos";
    public static final String PEDIDOS = "pedidos";
    public static final String PEDIDOS_PAGES = "pedidos_pages";
    public static final String SESSIONS = "sessions";
    private static final Logger log = LoggerFactory.getLogger(Caches.class);

    private final Map<String, NamedCache<Object, Object>> byName = new LinkedHashMap<>();
    private final ChangeFeed feed;
    private final int listPages;
    private final AtomicBoolean feedFailing = new AtomicBoolean();
    private final ScheduledExecutorService sweeper;
    private final boolean enabled;

    private Caches(CacheConfig config, Ticker ticker, ChangeFeed.Opener opener, java.util.function.LongSupplier signal) {
        this.enabled = config.enabled();
        this.listPages = config.listPages();
        this.feed = new ChangeFeed(opener, signal, this::apply, this::clearAll);
        add(CLIENTES, config.entityMaxSize(), config.clientesTtl(), ticker);
        add(CLIENTES_PAGES, config.listsMaxSize(), config.listsTtl(), ticker);
        add(TIPOS, 16, config.tiposTtl(), ticker);
        add(PEDIDOS, config.entityMaxSize(), config.pedidosTtl(), ticker);
        add(PEDIDOS_PAGES, config.listsMaxSize(), config.listsTtl(), ticker);
        add(SESSIONS, config.entityMaxSize(), config.clientesTtl(), ticker);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "change-log-sweeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The caches of {@code database}, swept every minute; close to stop the sweeper and the feed. */
    public static Caches open(CacheConfig config, Database database, Ticker ticker, Clock clock) {
        return open(config, database, ticker, clock, Duration.ZERO, 0);
    }

    /**
     * The same, with the log also kept for the real-time events: a row goes only when it is older
     * than both retentions and not among the newest {@code keepEvents} events.
     */
    public static Caches open(CacheConfig config, Database database, Ticker ticker, Clock clock,
                              Duration eventsRetention, int keepEvents) {
        Caches caches = new Caches(config, ticker, database::openDedicatedReader, database.changeSignal());
        Duration retention = eventsRetention.compareTo(config.changeLogRetention()) > 0
                ? eventsRetention : config.changeLogRetention();
        long every = Math.min(60, config.changeLogRetention().toSeconds() / 2);
        caches.sweeper.scheduleWithFixedDelay(() -> caches.sweep(database, clock, retention, keepEvents),
                every, every, TimeUnit.SECONDS);
        return caches;
    }

    /** Caches without a sweeper whose feed opens its connection with {@code opener} (tests inject failures). */
    static Caches withOpener(CacheConfig config, Ticker ticker, ChangeFeed.Opener opener) {
        return new Caches(config, ticker, opener, null);
    }

    private void add(String name, long maxSize, Duration ttl, Ticker ticker) {
        byName.put(name, new NamedCache<>(name, maxSize, ttl, ticker, this::upToDate));
    }

    /** One cache by its name (the constants of this class). */
    @SuppressWarnings("unchecked")
    public <K, V> NamedCache<K, V> named(String name) {
        NamedCache<?, ?> cache = byName.get(name);
        if (cache == null) {
            throw new IllegalArgumentException("no cache " + name);
        }
        return (NamedCache<K, V>) cache;
    }

    /** Pages 1…this of a list are cached; later pages are read from the database. */
    public int listPages() {
        return listPages;
    }

    /** False when caching is off or the change feed cannot be checked: the caller must read the database. */
    boolean upToDate() {
        if (!enabled) {
            return false;
        }
        try {
            feed.catchUp();
            if (feedFailing.compareAndSet(true, false)) {
                log.info("cache coherence check works again: caches in use");
            }
            return true;
        } catch (java.sql.SQLException | RuntimeException e) {
            if (feedFailing.compareAndSet(false, true)) {
                log.warn("cache coherence check failed, reading from the database until it works: {}", e.toString());
            }
            return false;
        }
    }

    /** Invalidates what {@code change} can have made stale. Runs under the feed's lock. */
    void apply(Change change) {
        switch (change.entity()) {
            case "cliente" -> {
                named(CLIENTES).invalidate(change.entityId());
                named(CLIENTES_PAGES).clear();
                named(PEDIDOS).invalidateIf((key, value) ->
                        value instanceof RefersTo dependent && dependent.refersTo("cliente", change.entityId()));
            }
            case "tipo" -> named(TIPOS).clear();
            case "pedido" -> {
                named(PEDIDOS).invalidate(change.entityId());
                if (change.scope() != null) {
                    this.<ListKey, Object>named(PEDIDOS_PAGES).invalidateIf((key, value) ->
                            key.filter().isEmpty() || key.filter().equals(change.scope()));
                }
            }
            case "user" -> named(SESSIONS).invalidateIf((key, value) ->
                    value instanceof RefersTo dependent && dependent.refersTo("user", change.entityId()));
            default -> log.debug("change log entity {} has no cache", change.entity());
        }
    }

    public Collection<NamedCache<Object, Object>> all() {
        return byName.values();
    }

    public Optional<NamedCache<Object, Object>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public void clearAll() {
        byName.values().forEach(NamedCache::clear);
    }

    /** Publishes every cache's Caffeine statistics to {@code metrics}. */
    public void bindTo(MeterRegistry metrics) {
        byName.values().forEach(cache -> cache.bindTo(metrics));
    }

    /** Hits over lookups of every cache together since start; NaN before the first lookup. */
    public double hitRatio() {
        long hits = 0;
        long lookups = 0;
        for (NamedCache<Object, Object> cache : byName.values()) {
            long cacheHits = cache.hits();
            hits += cacheHits;
            lookups += cacheHits + cache.misses();
        }
        return lookups == 0 ? Double.NaN : (double) hits / lookups;
    }

    public List<CacheStats> stats() {
        return byName.values().stream().map(NamedCache::stats).toList();
    }

    /** Closes the change feed's connections (an idle instance's trim); the next reads open what they need. */
    public void releaseConnections() {
        feed.closeConnections();
    }

    public ChangeFeed.Stats coherence() {
        return feed.stats();
    }

    public boolean enabled() {
        return enabled;
    }

    private void sweep(Database database, Clock clock, Duration retention, int keepEvents) {
        String cutoff = Instant.now(clock).minus(retention).truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            int swept = database.write(c -> ChangeLog.sweep(c, cutoff, keepEvents));
            log.debug("change log: {} rows older than {} swept", swept, cutoff);
        } catch (RuntimeException e) {
            log.warn("change log sweep failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        feed.close();
    }
}
