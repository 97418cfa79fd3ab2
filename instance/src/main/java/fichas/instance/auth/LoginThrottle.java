package fichas.instance.auth;

import fichas.core.http.ErrorCode;
import fichas.core.http.ApiException;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-username login throttle of API.md, kept in the shared database ({@code login_failures}) so
 * that every instance agrees: once a username has {@code maxFailures} failed logins within the
 * sliding {@code window}, every attempt for it is refused with {@code 429 rate_limited} and a
 * {@code Retry-After} until the oldest of those failures leaves the window, whatever the password,
 * and before any hashing is spent on it. A success clears the username's failures. Unknown
 * usernames are throttled the same way, so a 429 tells nothing about which usernames exist.
 * Two instances racing can let one or two extra attempts through; the bound stays per window.
 * Blocking (reads and writes the database); thread-safe.
 */
public final class LoginThrottle {
    private final Database database;
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;

    public LoginThrottle(Database database, Clock clock, int maxFailures, Duration window) {
        this.database = database;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Throws {@code 429 rate_limited} with {@code Retry-After} when {@code username} is throttled now. */
    public void check(String username) {
        long now = clock.millis();
        List<Long> recent = database.read(c -> Sql.list(c, "SELECT failed_at FROM login_failures "
                        + "WHERE username = ? AND failed_at > ? ORDER BY failed_at DESC LIMIT ?",
                rs -> rs.getLong(1), key(username), now - window.toMillis(), maxFailures));
        if (recent.size() >= maxFailures) {
            long freeAt = recent.get(maxFailures - 1) + window.toMillis();
            long seconds = Math.max(1, (freeAt - now + 999) / 1000);
            throw new ApiException(ErrorCode.RATE_LIMITED, "too many failed logins for this username; try again in "
                    + seconds + " s", List.of(), Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    /** Records one failed login for {@code username} and sweeps failures that have left the window. */
    public void recordFailure(String username) {
        long now = clock.millis();
        database.write(c -> {
            Sql.update(c, "DELETE FROM login_failures WHERE failed_at <= ?", now - window.toMillis());
            return Sql.update(c, "INSERT INTO login_failures (username, failed_at) VALUES (?, ?)", key(username), now);
        });
    }

    /** Clears {@code username}'s failures; runs inside the caller's write (the successful login's). */
    void reset(Connection c, String username) throws SQLException {
        Sql.update(c, "DELETE FROM login_failures WHERE username = ?", key(username));
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
