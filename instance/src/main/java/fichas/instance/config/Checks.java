package fichas.instance.config;

/** Range checks for config records; messages follow "KEY must be …, but was …". */
public final class Checks {
    private Checks() {
    }

    public static int between(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    public static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw new ConfigException(key + " must be ≥ " + min + ", but was " + value);
        }
        return value;
    }
}
