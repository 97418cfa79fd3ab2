package fichas.balancer.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Checks bearer tokens the way the instances do ({@code fichas.instance.auth.AuthService}): the SHA-256 of
 * the token (hex) is looked up in the shared database's {@code sessions} joined to {@code users}, and the
 * session counts while its {@code expires_at} (ISO-8601 UTC, whole seconds) is after now. A logout deletes
 * the row, so it ends here too once the cached look-up expires ({@code cacheTtl}, a few seconds).
 *
 * <p>The database is opened read-only: the balancer never writes it. Blocking (SQLite I/O); call from a
 * worker thread. Thread-safe: one connection, used under this object's lock (look-ups are rare thanks to
 * the cache), reopened after an error. Failed look-ups are not cached.
 */
public final class TokenVerifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);
    private static final String LOOKUP = "SELECT u.id, u.username, u.role, s.expires_at FROM sessions s "
            + "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?";

    /** Who a valid token belongs to. */
    public record Caller(long userId, String username, String role) {
        public boolean admin() {
            return "admin".equals(role);
        }
    }

    private record Session(Caller caller, String expiresAt) {
    }

    private final Path database;
    private final Clock clock;
    private final Cache<String, Optional<Session>> sessions;
    private Connection connection;

    /** @param database the instances' {@code fichas.db}; null when none is configured (every check answers 503) */
    public TokenVerifier(Path database, Duration cacheTtl, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.sessions = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
    }

    public boolean configured() {
        return database != null;
    }

    /**
     * The caller behind an {@code Authorization} header value, who must be an admin. Throws
     * {@link AdminException}: 401 without a valid bearer token, 403 for a valid token of another role,
     * 503 when no database is configured or it cannot be read.
     */
    public Caller requireAdmin(String authorization) {
        String token = bearer(authorization);
        Caller caller = authenticate(token)
                .orElseThrow(() -> AdminException.unauthenticated("the token is invalid or has expired"));
        if (!caller.admin()) {
            throw AdminException.forbidden("this action needs the admin role");
        }
        return caller;
    }

    /** The token of {@code Bearer <token>}; 401 when the header is missing or has another shape. */
    public static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw AdminException.unauthenticated("this route needs Authorization: Bearer <token>");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()) {
            throw AdminException.unauthenticated("the Authorization header must be Bearer <token>");
        }
        return parts[1].trim();
    }

    /** The caller of a token that exists and has not expired; 503 when the database cannot be read. */
    public Optional<Caller> authenticate(String token) {
        if (database == null) {
            throw AdminException.unavailable("no sessions database is configured (FICHAS_BALANCER_DATABASE)");
        }
        String hash = sha256Hex(token);
        Optional<Session> session = sessions.getIfPresent(hash);
        if (session == null) {
            session = lookUp(hash);
            sessions.put(hash, session);
        }
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        return session.filter(s -> s.expiresAt().compareTo(now) > 0).map(Session::caller);
    }

    private synchronized Optional<Session> lookUp(String hash) {
        try {
            if (connection == null) {
                connection = open(database);
            }
            try (PreparedStatement st = connection.prepareStatement(LOOKUP)) {
                st.setString(1, hash);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Session(new Caller(rs.getLong(1), rs.getString(2), rs.getString(3)),
                            rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            closeConnection();
            log.warn("sessions database {} cannot be read: {}", database, e.getMessage());
            throw AdminException.unavailable("the sessions database cannot be read: " + e.getMessage(), 5);
        }
    }

    private static Connection open(Path database) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(2000);
        return DriverManager.getConnection("jdbc:sqlite:" + database, config.toProperties());
    }

    /** As {@code fichas.instance.auth.Tokens.hash}: SHA-256 of the UTF-8 bytes, lower-case hex. */
    static String sha256Hex(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private synchronized void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a broken connection: nothing left to do with it.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
