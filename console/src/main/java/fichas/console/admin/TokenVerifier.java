package fichas.console.admin;

import fichas.core.http.ApiException;
import fichas.core.http.Router;

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
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Checks bearer tokens the way the instances do ({@code fichas.instance.auth.AuthService}): the SHA-256 of
 * the token (hex) is looked up in the shared database's {@code sessions} joined to {@code users}, and the
 * session counts while its {@code expires_at} (ISO-8601 UTC, whole seconds) is after now. A logout (or a
 * password change, or a deactivation) deletes the row, and it ends here at once: every check first reads
 * SQLite's {@code PRAGMA data_version}, which moves whenever another connection has committed, and a move
 * empties the cache of look-ups ({@code cacheTtl} only bounds how long an entry lives without one).
 *
 * <p>The database is opened read-only: the balancer never writes it. Blocking (SQLite I/O); call from a
 * worker thread. Thread-safe: one connection, used under this object's lock (look-ups are rare thanks to
 * the cache), reopened after an error. Failed look-ups are not cached.
 *
 * <p>Guessing is throttled per client address ({@link AuthFailureThrottle}): only a cache miss reads the
 * database, so only a miss is checked against the throttle, and only a miss that finds no valid session is
 * counted as a failure. A token that a look-up found valid in the last {@link #KNOWN_VALID_FOR} skips the
 * throttle (a correct token is not a guess): the dashboard's token, re-read every {@code cacheTtl}, keeps
 * working even while someone behind the same address is throttled. A token never seen valid from a throttled
 * address gets 429 until the address's bucket has a token again.
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

    /** How long a token found valid by a look-up skips the failure throttle. */
    static final Duration KNOWN_VALID_FOR = Duration.ofMinutes(10);

    private final Path database;
    private final Clock clock;
    private final AuthFailureThrottle throttle;
    private final Cache<String, Optional<Session>> sessions;
    /** Hashes of tokens a look-up found valid lately; only ever read to decide whether to throttle. */
    private final Cache<String, Boolean> knownValid;
    private final LongAdder lookUps = new LongAdder();
    private Connection connection;
    private PreparedStatement dataVersion;
    private long lastDataVersion = Long.MIN_VALUE;

    /** Without a failure throttle; see {@link #TokenVerifier(Path, Duration, Clock, AuthFailureThrottle)}. */
    public TokenVerifier(Path database, Duration cacheTtl, Clock clock) {
        this(database, cacheTtl, clock, AuthFailureThrottle.off());
    }

    /** @param database the instances' {@code fichas.db}; null when none is configured (every check answers 503) */
    public TokenVerifier(Path database, Duration cacheTtl, Clock clock, AuthFailureThrottle throttle) {
        this.database = database;
        this.clock = clock;
        this.throttle = throttle;
        this.sessions = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
        this.knownValid = Caffeine.newBuilder().expireAfterWrite(KNOWN_VALID_FOR).maximumSize(10_000).build();
    }

    public boolean configured() {
        return database != null;
    }

    /**
     * The caller behind an {@code Authorization} header value, who must be an admin. Throws
     * {@link ApiException}: 401 without a valid bearer token, 403 for a valid token of another role,
     * 429 while {@code client} is throttled for failed look-ups, 503 when no database is configured or it
     * cannot be read. A missing or malformed header is 401 at no cost and is not counted.
     *
     * @param client the TCP peer address ({@link fichas.balancer.http.ClientAddress})
     */
    public Caller requireAdmin(String authorization, String client) {
        String token = Router.bearerToken(authorization);
        Caller caller = authenticate(token, client)
                .orElseThrow(() -> ApiException.unauthenticated("the token is invalid or has expired"));
        if (!caller.admin()) {
            throw ApiException.forbidden("this action needs the admin role");
        }
        return caller;
    }

    /**
     * The caller of a token that exists and has not expired; 429 when the look-up is refused for
     * {@code client} (see the class comment), 503 when the database cannot be read.
     */
    public Optional<Caller> authenticate(String token, String client) {
        if (database == null) {
            throw ApiException.unavailable("no sessions database is configured (FICHAS_BALANCER_DATABASE)");
        }
        String hash = sha256Hex(token);
        dropCacheIfDatabaseChanged();
        Optional<Session> cached = sessions.getIfPresent(hash);
        if (cached != null) {
            return valid(cached);
        }
        if (knownValid.getIfPresent(hash) == null) {
            throttle.requireAllowed(client);
        }
        Optional<Session> session = lookUp(hash);
        sessions.put(hash, session);
        Optional<Caller> caller = valid(session);
        if (caller.isPresent()) {
            knownValid.put(hash, Boolean.TRUE);
        } else {
            // A logged-out or expired token loses its pass at once: repeating it is a guess like any other.
            knownValid.invalidate(hash);
            throttle.recordFailure(client);
        }
        return caller;
    }

    private Optional<Caller> valid(Optional<Session> session) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        return session.filter(s -> s.expiresAt().compareTo(now) > 0).map(Session::caller);
    }

    /** Reads of the sessions database so far (cache misses); for the metrics and tests. */
    public long lookUps() {
        return lookUps.sum();
    }

    /** Requests refused with 429 by the failure throttle so far. */
    public long throttled() {
        return throttle.throttled();
    }

    /** Empties the look-up cache when any other connection has committed since the last check (one pragma). */
    private synchronized void dropCacheIfDatabaseChanged() {
        try {
            if (connection == null) {
                connection = open(database);
            }
            if (dataVersion == null) {
                dataVersion = connection.prepareStatement("PRAGMA data_version");
            }
            long version;
            try (ResultSet rs = dataVersion.executeQuery()) {
                rs.next();
                version = rs.getLong(1);
            }
            if (version != lastDataVersion) {
                sessions.invalidateAll();
                lastDataVersion = version;
            }
        } catch (SQLException e) {
            closeConnection();
            log.warn("sessions database {} cannot be read: {}", database, e.getMessage());
            throw ApiException.unavailable("the sessions database cannot be read: " + e.getMessage(), 5);
        }
    }

    private synchronized Optional<Session> lookUp(String hash) {
        lookUps.increment();
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
            throw ApiException.unavailable("the sessions database cannot be read: " + e.getMessage(), 5);
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
        dataVersion = null;
        lastDataVersion = Long.MIN_VALUE;
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
