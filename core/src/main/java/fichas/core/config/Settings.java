package fichas.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one settings loader. A key may be named as its environment variable ({@code FICHAS_DATA_DIR}) or as its
 * property ({@code fichas.data.dir}); its value comes from the most specific layer that has it: the system
 * property {@code -Dfichas.data.dir}, then the environment variable {@code FICHAS_DATA_DIR}, then the
 * defaults (a properties file inside the jar, or none). Every typed read that fails names the FICHAS_* key,
 * since that is what an operator sets, and throws {@link ConfigException}. Values are trimmed. Immutable;
 * safe to share.
 */
public final class Settings {
    private static final String PROPERTY_PREFIX = "fichas.";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final Properties defaults;
    private final Map<String, String> environment;
    private final Properties systemProperties;

    public Settings(Properties defaults, Map<String, String> environment, Properties systemProperties) {
        this.defaults = copy(defaults);
        this.environment = Map.copyOf(environment);
        this.systemProperties = copy(systemProperties);
    }

    /** Loads the defaults resource from the classpath and layers the real environment and -D over it. */
    public static Settings load(String defaultsResource) {
        Properties defaults = new Properties();
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(defaultsResource)) {
            if (in == null) {
                throw new ConfigException("defaults file " + defaultsResource + " is missing from the classpath");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Settings(defaults, System.getenv(), System.getProperties());
    }

    /** The real environment and system properties, no defaults file (each read names its default). */
    public static Settings fromSystem() {
        return new Settings(new Properties(), System.getenv(), System.getProperties());
    }

    public static Settings of(Map<String, String> environment) {
        return new Settings(new Properties(), environment, new Properties());
    }

    public static Settings of(Map<String, String> environment, Properties systemProperties) {
        return new Settings(new Properties(), environment, systemProperties);
    }

    /** {@code fichas.data.dir} (or {@code FICHAS_DATA_DIR}) → {@code FICHAS_DATA_DIR}. */
    public static String envName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code FICHAS_ALERT_WEBHOOK_URL} (or {@code fichas.alert.webhook.url}) → {@code fichas.alert.webhook.url}. */
    public static String propertyName(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code fichas.alert.webhook.url} → {@code FICHAS_ALERT_WEBHOOK_URL}: the inverse of {@link #propertyName}. */
    public static String keyName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The environment this process sees, for children and daemons that must inherit it. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * Every value given, named as environment variables: the environment, plus each system property
     * {@code fichas.x.y} as {@code FICHAS_X_Y}, which replaces the environment's value (the property wins, as in
     * {@link #get}). For a process that hands its settings on as an environment (the supervisor to the balancer
     * it embeds or starts).
     */
    public Map<String, String> environmentWithProperties() {
        Map<String, String> all = new HashMap<>(environment);
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                all.put(keyName(name), systemProperties.getProperty(name));
            }
        }
        return Map.copyOf(all);
    }

    /** The value of the most specific layer, trimmed; may be empty. */
    public Optional<String> find(String key) {
        String property = propertyName(key);
        String value = systemProperties.getProperty(key.equals(property) ? key : property);
        if (value == null) {
            value = environment.get(envName(key));
        }
        if (value == null) {
            value = defaults.getProperty(property);
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    /** The value when it is set and not blank. */
    public Optional<String> get(String key) {
        return find(key).filter(v -> !v.isEmpty());
    }

    /** Same as {@link #get}: a value that may be left unset. */
    public Optional<String> optionalString(String key) {
        return get(key);
    }

    /** A value that must be given (by a layer, usually the defaults file). */
    public String string(String key) {
        return find(key).orElseThrow(() -> new ConfigException(envName(key) + " is required"));
    }

    public String string(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int integer(String key) {
        return parseInt(key, string(key));
    }

    public int integer(String key, int fallback) {
        return get(key).map(raw -> parseInt(key, raw)).orElse(fallback);
    }

    public long longValue(String key) {
        return parseLong(key, string(key));
    }

    public long longValue(String key, long fallback) {
        return get(key).map(raw -> parseLong(key, raw)).orElse(fallback);
    }

    public double decimal(String key) {
        String raw = string(key);
        try {
            double value = Double.parseDouble(raw);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new ConfigException(envName(key) + " must be a number, but was '" + raw + "'");
    }

    public boolean bool(String key) {
        return parseBool(key, string(key));
    }

    public boolean bool(String key, boolean fallback) {
        return get(key).map(raw -> parseBool(key, raw)).orElse(fallback);
    }

    /** A whole number of milliseconds (keys ending in {@code _MS}). */
    public Duration millis(String key, Duration fallback) {
        return get(key).map(raw -> Duration.ofMillis(parseLong(key, raw))).orElse(fallback);
    }

    /** A duration written with its unit: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
    public Duration duration(String key, Duration fallback) {
        return get(key).map(raw -> parseDuration(key, raw)).orElse(fallback);
    }

    static Duration parseDuration(String key, String raw) {
        Matcher m = DURATION.matcher(raw.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(envName(key) + " must be a duration like 500ms, 10s or 5m, but was '" + raw + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static int parseInt(String key, String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(envName(key) + " must be an integer, but was '" + raw + "'");
        }
    }

    private static long parseLong(String key, String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(envName(key) + " must be an integer, but was '" + raw + "'");
        }
    }

    private static boolean parseBool(String key, String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(envName(key) + " must be true or false, but was '" + raw + "'");
        };
    }

    private static Properties copy(Properties source) {
        Properties target = new Properties();
        target.putAll(source);
        return target;
    }
}
