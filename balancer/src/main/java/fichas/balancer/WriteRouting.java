package fichas.balancer;

import java.util.Locale;

/**
 * Where the balancer sends mutating requests ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}).
 * Reads always go round robin over every backend in rotation. Set by {@code FICHAS_BALANCER_WRITE_ROUTING}.
 */
public enum WriteRouting {
    /**
     * Every write goes to one backend, the writer, so that no two instances contend for SQLite's single
     * write lock and the writer's group commit gets whole batches. The writer keeps the role while it is
     * in rotation; when it goes DOWN or is drained, the next backend in rotation (configuration order)
     * takes it at once.
     */
    WRITER,
    /** Writes are spread like reads; the instances hand the write lock back and forth. */
    ROUND_ROBIN;

    /** The setting's text form: {@code writer} or {@code round-robin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code writer} or {@code round-robin} (case-insensitive); the error names {@code key}. */
    public static WriteRouting parse(String key, String value) {
        for (WriteRouting r : values()) {
            if (r.label().equalsIgnoreCase(value.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException(key + " must be writer or round-robin, but was '" + value + "'");
    }
}
