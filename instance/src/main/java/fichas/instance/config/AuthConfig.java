package fichas.instance.config;

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
 */
public record AuthConfig(Optional<Secret> initialAdminPassword, Duration tokenTtl, int pbkdf2Iterations,
                         int loginMaxFailures, Duration loginFailureWindow) {
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
    }

    static AuthConfig from(Settings settings) {
        return new AuthConfig(settings.optionalString("fichas.admin.password").map(Secret::new),
                Duration.ofMinutes(settings.longValue("fichas.token.ttl.minutes")),
                settings.integer("fichas.pbkdf2.iterations"),
                settings.integer("fichas.login.max.failures"),
                Duration.ofSeconds(settings.longValue("fichas.login.failure.window.s")));
    }
}
