package fichas.balancer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, point-in-time view of the balancer. Counters are read one by one without a global lock,
 * so two counters of one snapshot may be a few requests apart under load.
 *
 * @param backends     per backend id, in configuration order
 * @param queueLength  requests waiting for a free backend connection right now
 * @param rateLimited  requests answered 429 since start
 * @param retries      attempts repeated on another (or the same) backend since start
 */
public record BalancerSnapshot(Map<String, BackendSnapshot> backends, int queueLength, long rateLimited, long retries) {

    public BalancerSnapshot {
        backends = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(backends));
    }

    public static BalancerSnapshot of(List<BackendSnapshot> list, int queueLength, long rateLimited, long retries) {
        Map<String, BackendSnapshot> map = new LinkedHashMap<>();
        list.forEach(b -> map.put(b.id(), b));
        return new BalancerSnapshot(map, queueLength, rateLimited, retries);
    }

    /** The backend with that id; throws when unknown. */
    public BackendSnapshot backend(String id) {
        BackendSnapshot b = backends.get(id);
        if (b == null) {
            throw new IllegalArgumentException("unknown backend " + id);
        }
        return b;
    }

    /**
     * @param requests   attempts sent to this backend
     * @param errors     attempts that failed (connect error, broken connection, timeout) or answered 5xx
     * @param retries    failed attempts on this backend that were repeated elsewhere
     * @param ejections  times live-traffic errors took it out of rotation
     */
    public record BackendSnapshot(String id, BackendStatus state, int inFlight, long requests, long errors,
                                  long retries, long ejections) {
    }
}
