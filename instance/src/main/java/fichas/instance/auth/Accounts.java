package fichas.instance.auth;

import fichas.instance.store.AfterWrite;

import fichas.core.http.ApiException;
import fichas.instance.http.Page;
import fichas.instance.http.PageRequest;
import fichas.core.http.Principal;
import fichas.core.http.Role;
import fichas.instance.http.Timestamps;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import fichas.instance.store.SqliteErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user accounts of API.md: list, create, change one's own password, and (admin) switch a user
 * off or on or change its role. Every change that takes access away deletes the user's sessions in
 * the same transaction, which every instance's token cache sees at once through the change log.
 * The last active admin is protected inside the write transaction, so two admins demoting each
 * other through two instances cannot both succeed. Blocking; thread-safe.
 */
public final class Accounts {
    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final Database database;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final Clock clock;

    public Accounts(Database database, Passwords passwords, LoginThrottle throttle, Clock clock) {
        this.database = database;
        this.passwords = passwords;
        this.throttle = throttle;
        this.clock = clock;
    }

    public Page<User> list(PageRequest page) {
        return database.read(c -> {
            List<User> items = Sql.list(c, "SELECT " + AuthService.USER_COLUMNS + " FROM users "
                    + "ORDER BY username COLLATE NOCASE, id LIMIT ? OFFSET ?", AuthService::user, page.size(), page.offset());
            return Page.of(items, page, Sql.count(c, "SELECT COUNT(*) FROM users"));
        });
    }

    public User create(String username, String password, Role role, AfterWrite after) {
        String hash = passwords.hash(password);
        String now = Timestamps.now(clock);
        return database.write(c -> {
            try {
                long id = Sql.insert(c, "INSERT INTO users (username, password_hash, role, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?)", username, hash, role.wireName(), now, now);
                return new User(id, username, role.wireName(), true, now, now, 1);
            } catch (SQLException e) {
                if (SqliteErrors.isUniqueViolation(e)) {
                    throw ApiException.conflict("username '" + username + "' is taken");
                }
                throw e;
            }
        }, after);
    }

    /**
     * Changes the caller's password after checking the current one, and ends every other session of
     * the caller (the token of this request keeps working). A wrong current password counts as a
     * failed login for the throttle, so a stolen token cannot be used to guess the password.
     */
    public void changePassword(Principal caller, String currentToken, String current, String replacement, String client) {
        throttle.check(caller.username());
        AuthService.StoredUser stored = database.read(c -> AuthService.findById(c, caller.userId()))
                .orElseThrow(() -> ApiException.unauthenticated("the token's user no longer exists"));
        if (!passwords.matches(current, stored.passwordHash())) {
            throttle.recordFailure(caller.username());
            log.warn("password change refused for user {} from {}: wrong current password", caller.username(), client);
            throw AuthService.invalidCredentials();
        }
        String hash = passwords.hash(replacement);
        String now = Timestamps.now(clock);
        int ended = database.write(c -> {
            Sql.update(c, "UPDATE users SET password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                    hash, now, caller.userId());
            return Sql.update(c, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", caller.userId(),
                    Tokens.hash(currentToken));
        });
        log.info("user {} changed its password from {}; {} other sessions ended", caller.username(), client, ended);
    }

    /** What an admin may change of a user; null fields stay as they are. */
    public record Change(Boolean active, Role role, Long version) {
    }

    /** Applies {@code change} to user {@code id}; 404 unknown, 409 for the last active admin or a stale version. */
    public User update(long id, Change change, Principal by) {
        String now = Timestamps.now(clock);
        User updated = database.write(c -> {
            User user = AuthService.findById(c, id).map(AuthService.StoredUser::user)
                    .orElseThrow(() -> ApiException.notFound("no user " + id));
            if (change.version() != null && change.version() != user.version()) {
                throw ApiException.versionConflict("user", id, user.version());
            }
            boolean active = change.active() == null ? user.active() : change.active();
            String role = change.role() == null ? user.role() : change.role().wireName();
            boolean staysActiveAdmin = active && role.equals(Role.ADMIN.wireName());
            if (user.active() && user.role().equals(Role.ADMIN.wireName()) && !staysActiveAdmin
                    && otherActiveAdmins(c, id) == 0) {
                throw ApiException.conflict("user " + user.username() + " is the last active admin: it can neither "
                        + "be deactivated nor lose the admin role");
            }
            if (active == user.active() && role.equals(user.role())) {
                return user;
            }
            Sql.update(c, "UPDATE users SET active = ?, role = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                    active ? 1 : 0, role, now, id);
            if (!active) {
                Sql.update(c, "DELETE FROM sessions WHERE user_id = ?", id);
            }
            return new User(id, user.username(), role, active, user.createdAt(), now, user.version() + 1);
        });
        log.info("user {} changed by {}: active={}, role={}", updated.username(), by.username(), updated.active(),
                updated.role());
        return updated;
    }

    private static long otherActiveAdmins(Connection c, long id) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND id <> ?", id);
    }

    public Optional<User> find(long id) {
        return database.read(c -> AuthService.findById(c, id).map(AuthService.StoredUser::user));
    }
}
