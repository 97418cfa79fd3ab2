package fichas.core.config;

import java.time.Duration;

/** Range checks for config records; messages follow "KEY must be …, but was …" and name the FICHAS_* key. */
public final class Checks {
    private Checks() {
    }

    public static int between(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    public static long between(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    /** "KEY must be between min and max ms, but was v" when out of range or null. */
    public static Duration betweenMillis(String key, Duration value, long minMs, long maxMs) {
        if (value == null) {
            throw new ConfigException(key + " must be set");
        }
        long ms = value.toMillis();
        if (ms < minMs || ms > maxMs) {
            throw new ConfigException(key + " must be between " + minMs + " and " + maxMs + " ms, but was " + ms);
        }
        return value;
    }

    public static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw new ConfigException(key + " must be ≥ " + min + ", but was " + value);
        }
        return value;
    }

    public static Duration positive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new ConfigException(key + " must be a positive duration, but was " + value);
        }
        return value;
    }

    public static <T> T present(String key, T value) {
        if (value == null) {
            throw new ConfigException(key + " must be set");
        }
        return value;
    }
}
