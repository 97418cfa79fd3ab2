package fichas.core.config;

/**
 * A configuration value that cannot be used; the message names the FICHAS_* key the operator set and the bad
 * value. An {@link IllegalArgumentException}, so callers that only know "a bad argument" still catch it.
 */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
