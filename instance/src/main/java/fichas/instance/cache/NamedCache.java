package fichas.instance.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Duration;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Caffeine cache with a name, counted invalidations, and the rule that it never answers
 * instead of the database when it cannot be sure: before each lookup {@code upToDate} must say
 * that every committed change has been applied, else the loader (the database) answers. A loader
 * runs inside Caffeine's per-key computation, so an invalidation of that key issued meanwhile
 * waits for it and then removes what it loaded: a value read before a change cannot outlive the
 * change's invalidation. Absent values (null) are not cached. Values must be immutable.
 * Thread-safe; {@link #get} blocks while the loader runs.
 */
public final class NamedCache<K, V> {
    private static final Logger log = LoggerFactory.getLogger(NamedCache.class);

    private final String name;
    private final Cache<K, V> cache;
    private final BooleanSupplier upToDate;
    private final LongAdder invalidations = new LongAdder();

    NamedCache(String name, long maxSize, Duration ttl, Ticker ticker, BooleanSupplier upToDate) {
        this.name = name;
        this.upToDate = upToDate;
        this.cache = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).ticker(ticker).recordStats()
                .build();
    }

    public String name() {
        return name;
    }

    /** The cached value of {@code key}, else what {@code loader} reads (cached when not null). */
    public V get(K key, Supplier<V> loader) {
        if (!upToDate.getAsBoolean()) {
            return loader.get();
        }
        try {
            return cache.get(key, k -> {
                try {
                    return loader.get();
                } catch (RuntimeException e) {
                    throw new LoaderFailure(e);
                }
            });
        } catch (LoaderFailure e) {
            throw e.failure;
        } catch (RuntimeException e) {
            log.warn("cache {} failed, reading from the database: {}", name, e.toString());
            return loader.get();
        }
    }

    public void invalidate(K key) {
        if (cache.asMap().remove(key) != null) {
            invalidations.increment();
        }
    }

    /** Removes every entry whose key and value match. */
    public void invalidateIf(BiPredicate<K, V> matches) {
        cache.asMap().entrySet().removeIf(entry -> {
            boolean remove = matches.test(entry.getKey(), entry.getValue());
            if (remove) {
                invalidations.increment();
            }
            return remove;
        });
    }

    public void clear() {
        invalidations.add(cache.estimatedSize());
        cache.invalidateAll();
    }

    public fichas.instance.cache.CacheStats stats() {
        cache.cleanUp();
        CacheStats stats = cache.stats();
        return new fichas.instance.cache.CacheStats(name, cache.estimatedSize(), stats.hitCount(), stats.missCount(),
                stats.requestCount() == 0 ? 0.0 : stats.hitRate(), stats.evictionCount(), invalidations.sum());
    }

    /** Carries a loader's own failure through Caffeine, so it is not mistaken for a cache failure. */
    private static final class LoaderFailure extends RuntimeException {
        private final RuntimeException failure;

        LoaderFailure(RuntimeException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }
}
