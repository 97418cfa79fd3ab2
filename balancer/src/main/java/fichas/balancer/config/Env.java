package fichas.balancer.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Reads typed values from an environment map, falling back to a default when a key is unset or
 * blank. A value that does not parse fails with a message naming the key, before anything binds.
 * Immutable and thread-safe.
 */
public final class Env {
    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = Map.copyOf(Objects.requireNonNull(values, "values"));
    }

    public String string(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public int integer(String key, int fallback) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, but was '" + v + "'");
        }
    }

    public long longInteger(String key, long fallback) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, but was '" + v + "'");
        }
    }

    public boolean bool(String key, boolean fallback) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, but was '" + v + "'");
        };
    }

    public Duration millis(String key, Duration fallback) {
        return Duration.ofMillis(integer(key, Math.toIntExact(fallback.toMillis())));
    }

    /** Throws "name must be between min and max, but was v" when out of range. */
    public static int requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    /** Throws "name must be between min and max, but was v" when out of range. */
    public static long requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    /** Throws "name must be between min and max ms, but was v" when out of range or null. */
    public static Duration requireRange(String name, Duration value, long minMs, long maxMs) {
        Objects.requireNonNull(value, name);
        long ms = value.toMillis();
        if (ms < minMs || ms > maxMs) {
            throw new IllegalArgumentException(name + " must be between " + minMs + " and " + maxMs + " ms, but was " + ms);
        }
        return value;
    }
}
