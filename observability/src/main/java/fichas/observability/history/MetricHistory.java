package fichas.observability.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The last {@code capacityPerMetric} samples of each named metric, for dashboards that draw recent history.
 *
 * <p>Thread-safe: one sampler may record while any number of readers take copies. Memory is bounded per metric;
 * the set of names is whatever callers record, so callers keep it small and fixed.
 */
public final class MetricHistory {

    private final int capacityPerMetric;
    private final ConcurrentMap<String, Ring> rings = new ConcurrentHashMap<>();

    public MetricHistory(int capacityPerMetric) {
        if (capacityPerMetric < 1) {
            throw new IllegalArgumentException("capacityPerMetric must be >= 1, but was " + capacityPerMetric);
        }
        this.capacityPerMetric = capacityPerMetric;
    }

    /** Appends a sample, forgetting the oldest one of that metric when it is full. */
    public void record(String name, Instant at, double value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        Sample sample = new Sample(at, value);
        rings.computeIfAbsent(name, n -> new Ring(capacityPerMetric)).add(sample);
    }

    /** A copy of the metric's samples, oldest first; empty for a name never recorded. */
    public List<Sample> samples(String name) {
        Ring ring = name == null ? null : rings.get(name);
        return ring == null ? List.of() : ring.copy();
    }

    public boolean knows(String name) {
        return name != null && rings.containsKey(name);
    }

    /** The names recorded so far (a snapshot). */
    public Set<String> names() {
        return Set.copyOf(rings.keySet());
    }

    /** Fixed-size circular buffer; {@code next} is where the next sample goes, which is also the oldest when full. */
    private static final class Ring {
        private final Sample[] samples;
        private int next;
        private int size;

        Ring(int capacity) {
            samples = new Sample[capacity];
        }

        synchronized void add(Sample sample) {
            samples[next] = sample;
            next = (next + 1) % samples.length;
            size = Math.min(size + 1, samples.length);
        }

        synchronized List<Sample> copy() {
            List<Sample> copy = new ArrayList<>(size);
            int oldest = size < samples.length ? 0 : next;
            for (int i = 0; i < size; i++) {
                copy.add(samples[(oldest + i) % samples.length]);
            }
            return List.copyOf(copy);
        }
    }
}
