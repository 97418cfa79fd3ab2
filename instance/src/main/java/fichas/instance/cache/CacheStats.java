package fichas.instance.cache;

/** One cache's counters since start (or since the last clear, for {@code size}). */
public record CacheStats(String name, long size, long hits, long misses, double hitRatio, long evictions,
                         long invalidations) {
}
