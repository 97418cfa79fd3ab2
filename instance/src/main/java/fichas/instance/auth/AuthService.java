package fichas.instance.auth;

import fichas.core.http.ErrorCode;
import fichas.instance.cache.Caches;
import fichas.instance.cache.NamedCache;
import fichas.instance.cache.RefersTo;
import fichas.core.http.ApiException;
import fichas.core.http.Principal;
import fichas.core.http.Role;
import fichas.instance.http.Timestamps;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins and tokens, all in the shared database so that every instance accepts a token at once and
 * a logout (or a password change, or a deactivation) ends it everywhere at once: the token lookup
 * of each request is cached, but the cache is checked against the change log before every use, and
 * deleting a session or updating a user writes to that log (migration V4). Failed and throttled
 * logins are logged with the username and the client address, never with the password.
 * Blocking; call from worker threads.
 */
public final class AuthService {
    static final String USER_COLUMNS = "id, username, role, active, created_at, updated_at, version";
    private static final Logger log = LoggerFactory.getLogger(AuthService.class);

    private final Database database;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final Duration tokenTtl;
    private final Clock clock;
    private final NamedCache<String, Session> sessions;

    /** {@code caches} holds the token lookups; a logout or a change of the user invalidates them on every instance. */
    public AuthService(Database database, Passwords passwords, LoginThrottle throttle, Duration tokenTtl, Clock clock,
                       Caches caches) {
        this.database = database;
        this.sessions = caches.named(Caches.SESSIONS);
        this.passwords = passwords;
        this.throttle = throttle;
        this.tokenTtl = tokenTtl;
        this.clock = clock;
    }

    /** A successful login: the token (shown once), when it expires, and who it belongs to. */
    public record Login(String token, String expiresAt, User user) {
    }

    /**
     * Checks the throttle, then the password; {@code client} is the caller's address, for the log.
     * An unknown user, a wrong password and an inactive user get the same answer in the same time.
     */
    public Login login(String username, String password, String client) {
        try {
            throttle.check(username);
        } catch (ApiException throttled) {
            log.warn("login throttled for user {} from {}: {}", username, client, throttled.getMessage());
            throw throttled;
        }
        Optional<StoredUser> stored = findByUsername(username);
        String failure = null;
        Passwords.Verified verified = null;
        if (stored.isEmpty()) {
            passwords.burn(password);
            failure = "unknown user";
        } else if (!(verified = passwords.verify(password, stored.get().passwordHash())).matches()) {
            failure = "wrong password";
        } else if (!stored.get().user().active()) {
            failure = "user is deactivated";
        }
        if (failure != null) {
            throttle.recordFailure(username);
            log.warn("login failed for user {} from {}: {}", username, client, failure);
            throw invalidCredentials();
        }
        User user = stored.get().user();
        String rehashed = verified.rehashed();
        String token = Tokens.newToken();
        Instant now = clock.instant();
        String expiresAt = Timestamps.format(now.plus(tokenTtl));
        String nowText = Timestamps.format(now);
        database.write(c -> {
            Sql.update(c, "DELETE FROM sessions WHERE expires_at <= ?", nowText);
            throttle.reset(c, username);
            if (rehashed != null) {
                // Only if the hash is still the one that was checked: a password changed meanwhile wins.
                Sql.update(c, "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
                        rehashed, user.id(), stored.get().passwordHash());
            }
            return Sql.update(c, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                    Tokens.hash(token), user.id(), nowText, expiresAt);
        });
        if (rehashed != null) {
            log.info("user {}: password hash upgraded to {} on login", user.username(), passwords.describe());
        }
        return new Login(token, expiresAt, user);
    }

    public void logout(String token) {
        database.write(c -> Sql.update(c, "DELETE FROM sessions WHERE token_hash = ?", Tokens.hash(token)));
    }

    public Optional<Principal> authenticate(String bearerToken) {
        String now = Timestamps.now(clock);
        String hash = Tokens.hash(bearerToken);
        Session session = sessions.get(hash, () -> database.read(c -> Sql.one(c,
                "SELECT u.id, u.username, u.role, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = ? AND u.active = 1",
                rs -> new Session(new Principal(rs.getLong(1), rs.getString(2),
                        Role.parse(rs.getString(3)).orElseThrow()), rs.getString(4)), hash)).orElse(null));
        return Optional.ofNullable(session).filter(s -> s.expiresAt().compareTo(now) > 0).map(Session::principal);
    }

    /** A cached token lookup; expiry is checked on every use, so a cached session never outlives its token. */
    private record Session(Principal principal, String expiresAt) implements RefersTo {
        @Override
        public boolean refersTo(String entity, long id) {
            return entity.equals("user") && id == principal.userId();
        }
    }

    /**
     * Creates {@code admin} with {@code password} unless it exists. Returns true when this call created
     * it; with three processes starting at once exactly one of them does.
     */
    public boolean createAdminIfMissing(String password) {
        String hash = passwords.hash(password);
        String now = Timestamps.now(clock);
        return database.write(c -> Sql.update(c, "INSERT INTO users (username, password_hash, role, created_at, updated_at) "
                + "SELECT 'admin', ?, 'admin', ?, ? WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = 'admin')",
                hash, now, now) == 1);
    }

    public boolean adminExists() {
        return database.read(c -> Sql.count(c, "SELECT COUNT(*) FROM users WHERE username = 'admin'")) > 0;
    }

    /**
     * The offline recovery of {@code ./start.sh reset-admin-password}: gives {@code admin} a new password,
     * makes it an active admin again, clears its login throttle and ends all of its sessions.
     * Returns false when there is no {@code admin} user.
     */
    public boolean resetAdminPassword(String password) {
        String hash = passwords.hash(password);
        String now = Timestamps.now(clock);
        return database.write(c -> {
            int updated = Sql.update(c, "UPDATE users SET password_hash = ?, role = 'admin', active = 1, updated_at = ?, "
                    + "version = version + 1 WHERE username = 'admin'", hash, now);
            if (updated == 1) {
                Sql.update(c, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'admin')");
                throttle.reset(c, "admin");
            }
            return updated == 1;
        });
    }

    Optional<StoredUser> findByUsername(String username) {
        return database.read(c -> Sql.one(c, "SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE username = ?",
                rs -> new StoredUser(user(rs), rs.getString("password_hash")), username));
    }

    static Optional<StoredUser> findById(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE id = ?",
                rs -> new StoredUser(user(rs), rs.getString("password_hash")), id);
    }

    static ApiException invalidCredentials() {
        return new ApiException(ErrorCode.INVALID_CREDENTIALS, "wrong username or password");
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("role"), rs.getInt("active") == 1,
                rs.getString("created_at"), rs.getString("updated_at"), rs.getLong("version"));
    }

    record StoredUser(User user, String passwordHash) {
    }
}
