package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import fichas.core.config.Checks;
import fichas.core.config.Secret;
import fichas.instance.auth.PasswordHasher;
import java.time.Duration;
import java.util.Optional;

/**
 * Authentication settings.
 *
 * @param initialAdminPassword used only when the database has no {@code admin} user yet
 * @param tokenTtl             how long a login token stays valid
 * @param pbkdf2Iterations     cost of new password hashes (stored with each hash, so raising it is safe)
 * @param loginMaxFailures     failed logins of one username within {@code loginFailureWindow} before it is throttled
 * @param loginFailureWindow   the sliding window of the per-username login throttle
 * @param passwordHash         the scheme of new password hashes (older ones are re-hashed on login)
 * @param loginHashCores       CPU, in cores, this instance may spend hashing passwords; 0 = half the machine's
 *                             cores shared by {@code instances}
 * @param loginMaxWait         a login whose expected wait for the hashing pool plus its hash is longer is refused
 *                             with 503 at once; a queued login that has waited this long is refused when its turn comes
 * @param loginDeadline        longest a login waits for the hashing pool in all (queue and hash) before it is answered
 *                             503; keep it under the balancer's attempt timeout
 * @param loginHashNice        OS niceness (0–19) of the hashing threads, so that other requests go first on busy cores
 * @param loginQueueMax        most logins waiting for the hashing pool at once
 * @param instances            how many instances share this machine (the supervisor sets it)
 */
public record AuthConfig(Optional<Secret> initialAdminPassword, Duration tokenTtl, int pbkdf2Iterations,
                         int loginMaxFailures, Duration loginFailureWindow, PasswordHasher.Scheme passwordHash,
                         double loginHashCores, Duration loginMaxWait, Duration loginDeadline, int loginHashNice,
                         int loginQueueMax, int instances) {
    public AuthConfig {
        initialAdminPassword.ifPresent(p -> {
            if (p.reveal().length() < 8) {
                throw new ConfigException("FICHAS_ADMIN_PASSWORD must be at least 8 characters");
            }
        });
        Checks.atLeast("FICHAS_TOKEN_TTL_MINUTES", tokenTtl.toMinutes(), 1);
        Checks.between("FICHAS_PBKDF2_ITERATIONS", pbkdf2Iterations, 1_000, 10_000_000);
        Checks.between("FICHAS_LOGIN_MAX_FAILURES", loginMaxFailures, 1, 1_000);
        Checks.between("FICHAS_LOGIN_FAILURE_WINDOW_S", (int) Math.min(Integer.MAX_VALUE, loginFailureWindow.toSeconds()), 1,
                86_400);
        Checks.between("FICHAS_INSTANCES", instances, 1, 64);
        int cores = Runtime.getRuntime().availableProcessors();
        if (loginHashCores != 0 && (loginHashCores < 0.05 || loginHashCores > cores)) {
            throw new ConfigException("FICHAS_LOGIN_HASH_CORES must be 0 (automatic) or between 0.05 and " + cores
                    + " (this machine's cores), but was " + loginHashCores);
        }
        Checks.between("FICHAS_LOGIN_MAX_WAIT_MS", (int) Math.min(Integer.MAX_VALUE, loginMaxWait.toMillis()), 100, 60_000);
        Checks.between("FICHAS_LOGIN_DEADLINE_MS", (int) Math.min(Integer.MAX_VALUE, loginDeadline.toMillis()), 100, 60_000);
        if (loginDeadline.compareTo(loginMaxWait) < 0) {
            throw new ConfigException("FICHAS_LOGIN_DEADLINE_MS (" + loginDeadline.toMillis()
                    + ") must be at least FICHAS_LOGIN_MAX_WAIT_MS (" + loginMaxWait.toMillis() + ")");
        }
        Checks.between("FICHAS_LOGIN_HASH_NICE", loginHashNice, 0, 19);
        Checks.between("FICHAS_LOGIN_QUEUE_MAX", loginQueueMax, 1, 10_000);
    }

    /** The cores the hashing pool may use: the configured value, or half the machine shared by the instances. */
    public double effectiveHashCores() {
        if (loginHashCores > 0) {
            return loginHashCores;
        }
        return Math.max(0.05, Runtime.getRuntime().availableProcessors() / 2.0 / instances);
    }

    static AuthConfig from(Settings settings) {
        return new AuthConfig(settings.optionalString("fichas.admin.password").map(Secret::new),
                Duration.ofMinutes(settings.longValue("fichas.token.ttl.minutes")),
                settings.integer("fichas.pbkdf2.iterations"),
                settings.integer("fichas.login.max.failures"),
                Duration.ofSeconds(settings.longValue("fichas.login.failure.window.s")),
                scheme(settings.string("fichas.password.hash")),
                settings.decimal("fichas.login.hash.cores"),
                Duration.ofMillis(settings.longValue("fichas.login.max.wait.ms")),
                Duration.ofMillis(settings.longValue("fichas.login.deadline.ms")),
                settings.integer("fichas.login.hash.nice"),
                settings.integer("fichas.login.queue.max"),
                settings.integer("fichas.instances"));
    }

    private static PasswordHasher.Scheme scheme(String raw) {
        for (PasswordHasher.Scheme scheme : PasswordHasher.Scheme.values()) {
            if (scheme.wireName().equalsIgnoreCase(raw)) {
                return scheme;
            }
        }
        throw new ConfigException("FICHAS_PASSWORD_HASH must be one of argon2id, bcrypt, pbkdf2, but was '" + raw + "'");
    }
}
