package fichas.instance.auth;

import fichas.instance.cache.Caches;
import fichas.instance.cache.NamedCache;
import fichas.instance.cache.RefersTo;
import fichas.instance.http.ApiException;
import fichas.instance.http.Authenticator;
import fichas.instance.http.Page;
import fichas.instance.http.PageRequest;
import fichas.instance.http.Principal;
import fichas.instance.http.Role;
import fichas.instance.http.Timestamps;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import fichas.instance.store.SqliteErrors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Users, logins and tokens, all in the shared database so that every instance accepts a token at
 * once and a logout ends it everywhere at once. Blocking; call from worker threads.
 */
public final class AuthService implements Authenticator {
    private static final String USER_COLUMNS = "id, username, role, created_at, updated_at, version";

    private final Database database;
    private final PasswordHasher hasher;
    private final Duration tokenTtl;
    private final Clock clock;
    private final NamedCache<String, Session> sessions;

    /** {@code caches} holds the token lookups; a logout or a change of the user invalidates them on every instance. */
    public AuthService(Database database, PasswordHasher hasher, Duration tokenTtl, Clock clock, Caches caches) {
        this.database = database;
        this.sessions = caches.named(Caches.SESSIONS);
        this.hasher = hasher;
        this.tokenTtl = tokenTtl;
        this.clock = clock;
    }

    /** A successful login: the token (shown once), when it expires, and who it belongs to. */
    public record Login(String token, String expiresAt, User user) {
    }

    public Login login(String username, String password) {
        Optional<StoredUser> stored = database.read(c -> Sql.one(c,
                "SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE username = ?",
                rs -> new StoredUser(user(rs), rs.getString("password_hash")), username));
        if (stored.isEmpty()) {
            hasher.burn(password);
            throw new ApiException(401, "invalid_credentials", "wrong username or password");
        }
        if (!hasher.matches(password, stored.get().passwordHash())) {
            throw new ApiException(401, "invalid_credentials", "wrong username or password");
        }
        String token = Tokens.newToken();
        Instant now = clock.instant();
        String expiresAt = Timestamps.format(now.plus(tokenTtl));
        String nowText = Timestamps.format(now);
        long userId = stored.get().user().id();
        database.write(c -> {
            Sql.update(c, "DELETE FROM sessions WHERE expires_at <= ?", nowText);
            return Sql.update(c, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                    Tokens.hash(token), userId, nowText, expiresAt);
        });
        return new Login(token, expiresAt, stored.get().user());
    }

    public void logout(String token) {
        database.write(c -> Sql.update(c, "DELETE FROM sessions WHERE token_hash = ?", Tokens.hash(token)));
    }

    @Override
    public Optional<Principal> authenticate(String bearerToken) {
        String now = Timestamps.now(clock);
        String hash = Tokens.hash(bearerToken);
        Session session = sessions.get(hash, () -> database.read(c -> Sql.one(c,
                "SELECT u.id, u.username, u.role, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = ?",
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

    public Page<User> listUsers(PageRequest page) {
        return database.read(c -> {
            List<User> items = Sql.list(c, "SELECT " + USER_COLUMNS + " FROM users ORDER BY username COLLATE NOCASE, id "
                    + "LIMIT ? OFFSET ?", AuthService::user, page.size(), page.offset());
            return Page.of(items, page, Sql.count(c, "SELECT COUNT(*) FROM users"));
        });
    }

    public User createUser(String username, String password, Role role) {
        String hash = hasher.hash(password);
        String now = Timestamps.now(clock);
        return database.write(c -> {
            try {
                long id = Sql.insert(c, "INSERT INTO users (username, password_hash, role, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?)", username, hash, role.wireName(), now, now);
                return new User(id, username, role.wireName(), now, now, 1);
            } catch (SQLException e) {
                if (SqliteErrors.isUniqueViolation(e)) {
                    throw ApiException.conflict("username '" + username + "' is taken");
                }
                throw e;
            }
        });
    }

    /**
     * Creates {@code admin} with {@code password} unless it exists. Returns true when this call created
     * it; with three processes starting at once exactly one of them does.
     */
    public boolean createAdminIfMissing(String password) {
        String hash = hasher.hash(password);
        String now = Timestamps.now(clock);
        return database.write(c -> Sql.update(c, "INSERT INTO users (username, password_hash, role, created_at, updated_at) "
                + "SELECT 'admin', ?, 'admin', ?, ? WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = 'admin')",
                hash, now, now) == 1);
    }

    public boolean adminExists() {
        return database.read(c -> Sql.count(c, "SELECT COUNT(*) FROM users WHERE username = 'admin'")) > 0;
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("role"), rs.getString("created_at"),
                rs.getString("updated_at"), rs.getLong("version"));
    }

    private record StoredUser(User user, String passwordHash) {
    }
}
