package fichas.instance.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Caffeine cache with a name, hit/miss/invalidation counts, and the rule that it never answers
 * instead of the database when it cannot be sure: before each lookup {@code upToDate} must say
 * that every committed change has been applied, else the loader (the database) answers.
 *
 * <p>A value read before a change must not outlive the change's invalidation. For one key,
 * Caffeine guarantees it: a load runs inside the key's computation, and {@link #invalidate} of
 * that key waits for it, then removes what it loaded. Bulk invalidations ({@link #clear},
 * {@link #invalidateIf}) cannot see loads still in flight, so every load holds a read lock until
 * its value is in the map and a bulk invalidation takes the write lock: it waits for those loads
 * and then removes what they stored; loads that start after it read the database after the change.
 * Hits take no lock. A loader must not use another cache (that could wait on the change feed while
 * the feed waits on this lock). Absent values (null) are not cached. Values must be immutable.
 * Thread-safe; {@link #get} blocks while the loader runs.
 */
public final class NamedCache<K, V> {
    private static final Logger log = LoggerFactory.getLogger(NamedCache.class);

    private final String name;
    private final Cache<K, V> cache;
    private final BooleanSupplier upToDate;
    private final ReentrantReadWriteLock loads = new ReentrantReadWriteLock(true);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
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
            // getIfPresent records Caffeine's hit/miss stats (for /metrics); the load below goes
            // through asMap(), which records none, so a miss is not counted twice.
            V cached = cache.getIfPresent(key);
            if (cached != null) {
                hits.increment();
                return cached;
            }
            misses.increment();
            loads.readLock().lock();
            try {
                return cache.asMap().computeIfAbsent(key, k -> load(loader));
            } finally {
                loads.readLock().unlock();
            }
        } catch (LoaderFailure e) {
            throw e.failure;
        } catch (RuntimeException e) {
            log.warn("cache {} failed, reading from the database: {}", name, e.toString());
            return loader.get();
        }
    }

    private V load(Supplier<V> loader) {
        try {
            return loader.get();
        } catch (RuntimeException e) {
            throw new LoaderFailure(e);
        }
    }

    public void invalidate(K key) {
        if (cache.asMap().remove(key) != null) {
            invalidations.increment();
        }
    }

    /** Removes every entry whose key and value match, after the loads in flight have stored theirs. */
    public void invalidateIf(BiPredicate<K, V> matches) {
        loads.writeLock().lock();
        try {
            cache.asMap().entrySet().removeIf(entry -> {
                boolean remove = matches.test(entry.getKey(), entry.getValue());
                if (remove) {
                    invalidations.increment();
                }
                return remove;
            });
        } finally {
            loads.writeLock().unlock();
        }
    }

    /** Removes every entry, after the loads in flight have stored theirs. */
    public void clear() {
        loads.writeLock().lock();
        try {
            invalidations.add(cache.asMap().size());
            cache.invalidateAll();
        } finally {
            loads.writeLock().unlock();
        }
    }

    /** Publishes this cache's Caffeine statistics (size, gets, evictions) to {@code metrics}, tagged {@code cache}. */
    public void bindTo(MeterRegistry metrics) {
        CaffeineCacheMetrics.monitor(metrics, cache, name);
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    public CacheStats stats() {
        cache.cleanUp();
        long hit = hits.sum();
        long miss = misses.sum();
        return new CacheStats(name, cache.estimatedSize(), hit, miss, hit + miss == 0 ? 0.0 : (double) hit / (hit + miss),
                cache.stats().evictionCount(), invalidations.sum());
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
