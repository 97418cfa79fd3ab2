package fichas.instance.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import fichas.instance.http.Json;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Idempotency keys in the shared database, so every instance sees the same ones. A key's row is
 * written either inside the transaction of the create it answers for ({@link #claimInTransaction})
 * or, for a 4xx answer, just after it ({@link #recordAnswer}). Blocking; call from worker threads.
 */
final class IdempotencyKeys {
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };
    private static final int SWEEP_BATCH = 1000;

    private final Database database;

    IdempotencyKeys(Database database) {
        this.database = database;
    }

    /** The live (not yet expired at {@code now}) answer stored for {@code scope}. */
    Optional<StoredResponse> find(KeyScope scope, String now) {
        return database.read(c -> Sql.one(c, "SELECT request_hash, status, content_type, headers, body "
                + "FROM idempotency_keys WHERE user_id = ? AND route = ? AND idem_key = ? AND expires_at > ? "
                + "AND status IS NOT NULL", rs -> new StoredResponse(rs.getString(1), rs.getInt(2), rs.getString(3),
                headers(rs.getString(4)), rs.getBytes(5)), scope.userId(), scope.route(), scope.key(), now));
    }

    /** Inserts the key on {@code c}, in the caller's transaction; {@link KeyTakenException} when it exists. */
    void claimInTransaction(Connection c, KeyScope scope, StoredResponse answer, String now, String expiresAt)
            throws SQLException {
        if (insert(c, scope, answer, now, expiresAt) == 0) {
            throw new KeyTakenException(scope);
        }
    }

    /** Stores a final answer given without a write (a 4xx); a concurrent first answer is kept. */
    void recordAnswer(KeyScope scope, StoredResponse answer, String now, String expiresAt) {
        database.write(c -> insert(c, scope, answer, now, expiresAt));
    }

    /** Deletes expired keys in small transactions; returns how many. */
    int sweep(String now) {
        int total = 0;
        int deleted;
        do {
            deleted = database.write(c -> Sql.update(c, "DELETE FROM idempotency_keys WHERE (user_id, route, idem_key) "
                    + "IN (SELECT user_id, route, idem_key FROM idempotency_keys WHERE expires_at <= ? LIMIT ?)",
                    now, SWEEP_BATCH));
            total += deleted;
        } while (deleted == SWEEP_BATCH);
        return total;
    }

    private static int insert(Connection c, KeyScope scope, StoredResponse answer, String now, String expiresAt)
            throws SQLException {
        Sql.update(c, "DELETE FROM idempotency_keys WHERE user_id = ? AND route = ? AND idem_key = ? "
                + "AND expires_at <= ?", scope.userId(), scope.route(), scope.key(), now);
        return Sql.update(c, "INSERT INTO idempotency_keys (user_id, route, idem_key, request_hash, status, "
                + "content_type, headers, body, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", scope.userId(), scope.route(), scope.key(), answer.requestHash(),
                answer.status(), answer.contentType(), json(answer.headers()), answer.body(), now, expiresAt);
    }

    private static String json(Map<String, String> headers) {
        try {
            return Json.MAPPER.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers(String json) {
        try {
            return json == null ? Map.of() : Json.MAPPER.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotency headers are not JSON: " + json, e);
        }
    }
}
