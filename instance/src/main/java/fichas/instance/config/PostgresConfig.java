package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import fichas.core.config.Checks;
import fichas.core.config.Secret;
import java.time.Duration;
import java.util.Optional;

/**
 * A PostgreSQL server to keep the data in instead of the SQLite file ({@code FICHAS_DB_URL} set).
 * Every instance of every host that names the same database shares it; the data directory still
 * holds media files and logs.
 *
 * @param url         {@code jdbc:postgresql://host:port/database[?sslmode=…]}
 * @param user        the login role; empty: the driver's default (the URL's {@code user=}, or the OS user)
 * @param password    its password, never printed ({@link Secret}); empty: none (trust, peer or a .pgpass file)
 * @param poolSize    pooled read connections of this process (the writer has one more of its own)
 * @param maxLifetime a pooled connection is replaced after this long (a server, a firewall or a proxy
 *                    between may drop connections that live for ever)
 */
public record PostgresConfig(String url, Optional<String> user, Optional<Secret> password, int poolSize,
                             Duration maxLifetime) {
    public PostgresConfig {
        if (url == null || !url.startsWith("jdbc:postgresql://") || url.length() <= "jdbc:postgresql://".length()) {
            throw new ConfigException("FICHAS_DB_URL must look like jdbc:postgresql://host:5432/fichas, but was '"
                    + masked(url) + "'");
        }
        if (url.contains("password=")) {
            throw new ConfigException("FICHAS_DB_URL must not carry the password: set FICHAS_DB_PASSWORD instead");
        }
        Checks.between("FICHAS_DB_POOL_SIZE", poolSize, 1, 200);
        Checks.atLeast("FICHAS_DB_MAX_LIFETIME_S", maxLifetime.toSeconds(), 30);
    }

    /** The PostgreSQL settings, or empty when {@code FICHAS_DB_URL} is unset (SQLite). */
    static Optional<PostgresConfig> from(Settings settings) {
        Optional<String> url = settings.optionalString("fichas.db.url").map(String::strip).filter(s -> !s.isEmpty());
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PostgresConfig(url.get(),
                settings.optionalString("fichas.db.user").map(String::strip).filter(s -> !s.isEmpty()),
                settings.optionalString("fichas.db.password").filter(s -> !s.isEmpty()).map(Secret::new),
                settings.integer("fichas.db.pool.size"),
                Duration.ofSeconds(settings.longValue("fichas.db.max.lifetime.s"))));
    }

    /** {@code url} with the user and password of {@code FICHAS_DB_USER}/{@code FICHAS_DB_PASSWORD} (the migration tool). */
    public static PostgresConfig forUrl(String url, Settings settings) {
        return new PostgresConfig(url.strip(),
                settings.optionalString("fichas.db.user").map(String::strip).filter(s -> !s.isEmpty()),
                settings.optionalString("fichas.db.password").filter(s -> !s.isEmpty()).map(Secret::new),
                2, Duration.ofMinutes(30));
    }

    private static String masked(String url) {
        return url == null ? "" : url.replaceAll("password=[^&]*", "password=******");
    }

    @Override
    public String toString() {
        return "PostgresConfig[url=" + url + ", user=" + user.orElse("(default)") + ", password="
                + password.map(Object::toString).orElse("(unset)") + ", poolSize=" + poolSize + "]";
    }
}
