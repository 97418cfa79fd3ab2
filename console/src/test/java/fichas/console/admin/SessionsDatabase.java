package fichas.console.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code fichas.db} in a temp dir, with the schema made by the instance's own migration scripts
 * (read from {@code instance/src/main/resources/db/migration}, split as the instance's runner splits them),
 * in WAL mode as the instances open it. Users and sessions are written the way
 * {@code fichas.instance.auth.AuthService} writes them: SHA-256 hex of the token, ISO-8601 UTC timestamps.
 */
public final class SessionsDatabase {
    private static final Path MIGRATIONS = Path.of("..", "instance", "src", "main", "resources", "db", "migration");
    private static final SecureRandom RANDOM = new SecureRandom();

    public final Path file;

    public SessionsDatabase(Path dir) {
        this.file = dir.resolve("fichas.db");
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            for (Path script : scripts()) {
                for (String sql : statements(Files.readString(script))) {
                    st.execute(sql);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    /** As the instance's runner: a statement ends with a semicolon at the end of a line. */
    private static List<String> statements(String text) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                String sql = current.toString().strip();
                if (!sql.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
                    out.add(sql);
                }
                current.setLength(0);
            }
        }
        return out;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    /** Creates the user if needed and a session for it; returns the token. */
    public String login(String username, String role, Instant now, Duration ttl) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
        try (Connection c = connect()) {
            try (PreparedStatement st = c.prepareStatement("INSERT OR IGNORE INTO users (username, password_hash, role, "
                    + "created_at, updated_at) VALUES (?, 'pbkdf2:not-used-here', ?, ?, ?)")) {
                st.setString(1, username);
                st.setString(2, role);
                st.setString(3, nowText);
                st.setString(4, nowText);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
                    + "VALUES (?, (SELECT id FROM users WHERE username = ?), ?, ?)")) {
                st.setString(1, TokenVerifier.sha256Hex(token));
                st.setString(2, username);
                st.setString(3, nowText);
                st.setString(4, now.plus(ttl).truncatedTo(ChronoUnit.SECONDS).toString());
                st.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return token;
    }

    /** As {@code POST /auth/logout}: the session row goes. */
    public void logout(String token) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
            st.setString(1, TokenVerifier.sha256Hex(token));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
