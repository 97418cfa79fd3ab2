package fichas.instance.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Raw configuration values by key ({@code fichas.data.dir}), layered: the defaults file inside the
 * jar, then environment variables ({@code FICHAS_DATA_DIR}), then {@code -Dfichas.data.dir} system
 * properties; the most specific layer wins. Typed parsing errors name the environment key, since
 * that is what an operator sets. Immutable; safe to share.
 */
public final class Settings {
    private final Properties defaults;
    private final Map<String, String> environment;
    private final Properties systemProperties;

    public Settings(Properties defaults, Map<String, String> environment, Properties systemProperties) {
        this.defaults = copy(defaults);
        this.environment = Map.copyOf(environment);
        this.systemProperties = copy(systemProperties);
    }

    /** Loads the defaults resource from the classpath and layers the real environment over it. */
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

    /** {@code fichas.data.dir} → {@code FICHAS_DATA_DIR}. */
    public static String envName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public Optional<String> find(String key) {
        String value = systemProperties.getProperty(key);
        if (value == null) {
            value = environment.get(envName(key));
        }
        if (value == null) {
            value = defaults.getProperty(key);
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    public String string(String key) {
        return find(key).orElseThrow(() -> new ConfigException(envName(key) + " is required"));
    }

    public Optional<String> optionalString(String key) {
        return find(key).filter(v -> !v.isEmpty());
    }

    public int integer(String key) {
        String raw = string(key);
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(envName(key) + " must be an integer, but was '" + raw + "'");
        }
    }

    public long longValue(String key) {
        String raw = string(key);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(envName(key) + " must be an integer, but was '" + raw + "'");
        }
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
        String raw = string(key).toLowerCase(Locale.ROOT);
        return switch (raw) {
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
