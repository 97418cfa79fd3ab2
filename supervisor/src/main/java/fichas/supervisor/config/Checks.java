package fichas.supervisor.config;

import java.time.Duration;

/** Validation helpers whose messages name the key, the rule and the value given. */
final class Checks {
    private Checks() {
    }

    static int between(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    static Duration positive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration, but was " + value);
        }
        return value;
    }

    static Duration atLeast(String key, Duration value, String otherKey, Duration other) {
        if (value.compareTo(other) < 0) {
            throw new IllegalArgumentException(key + " must be at least " + otherKey + " (" + Durations.format(other)
                    + "), but was " + Durations.format(value));
        }
        return value;
    }

    static <T> T present(String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException(key + " must be set");
        }
        return value;
    }
}
