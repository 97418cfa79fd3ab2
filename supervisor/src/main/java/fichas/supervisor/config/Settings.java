package fichas.supervisor.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw configuration values by key. A key is named as its environment variable ({@code FICHAS_BASE_PORT});
 * the same value may be given as a system property ({@code -Dfichas.base.port=8000}), which wins over the
 * environment, as it does for the instance (see docs/CONTRACTS.md: the most specific wins). Immutable and
 * thread-safe.
 */
public final class Settings {
    private static final String PROPERTY_PREFIX = "fichas.";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final Map<String, String> env;
    private final Properties properties;

    private Settings(Map<String, String> env, Properties properties) {
        this.env = Map.copyOf(env);
        this.properties = new Properties();
        this.properties.putAll(properties);
    }

    public static Settings fromSystem() {
        return new Settings(System.getenv(), System.getProperties());
    }

    public static Settings of(Map<String, String> env) {
        return new Settings(env, new Properties());
    }

    public static Settings of(Map<String, String> env, Properties properties) {
        return new Settings(env, properties);
    }

    /** The environment this process sees, for children and daemons that must inherit it. */
    public Map<String, String> environment() {
        return env;
    }

    /**
     * Every value given, named as environment variables: the environment, plus each system property
     * {@code fichas.x.y} as {@code FICHAS_X_Y}, which replaces the environment's value (the property wins, as in
     * {@link #get}). For configuration that reads a map of environment variables, the embedded balancer's
     * {@code BalancerConfig.fromEnvironment}, so that {@code -Dfichas.alert.webhook.url} works there as every
     * supervisor key's {@code -D} form does. Children inherit {@link #environment()} only.
     */
    public Map<String, String> environmentWithProperties() {
        Map<String, String> all = new HashMap<>(env);
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                all.put(keyName(name), properties.getProperty(name));
            }
        }
        return Map.copyOf(all);
    }

    public static String propertyName(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code fichas.alert.webhook.url} → {@code FICHAS_ALERT_WEBHOOK_URL}: the inverse of {@link #propertyName}. */
    static String keyName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public Optional<String> get(String key) {
        String value = properties.getProperty(propertyName(key));
        if (value == null) {
            value = env.get(key);
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int integer(String key, int fallback) {
        String raw = get(key).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, but was '" + raw + "'");
        }
    }

    public boolean bool(String key, boolean fallback) {
        String raw = get(key).orElse(null);
        if (raw == null) {
            return fallback;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, but was '" + raw + "'");
        };
    }

    public Duration duration(String key, Duration fallback) {
        String raw = get(key).orElse(null);
        return raw == null ? fallback : parseDuration(key, raw);
    }

    static Duration parseDuration(String key, String raw) {
        Matcher m = DURATION.matcher(raw.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " must be a duration like 500ms, 10s or 5m, but was '" + raw + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
