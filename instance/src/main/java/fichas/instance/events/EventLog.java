package fichas.instance.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.instance.http.Json;
import fichas.instance.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads the events out of {@code change_log} (migration V5: the rows whose {@code event} is set).
 * Rows commit in the transaction of their change, and SQLite has one writer at a time, so a row
 * is visible only once every row with a smaller seq is: reading "after seq" never skips one.
 */
final class EventLog {
    private EventLog() {
    }

    /** The newest seq, 0 when the log is empty. */
    static long head(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COALESCE(MAX(seq), 0) FROM change_log");
    }

    /** The oldest seq still kept (events before it were swept), 0 when the log is empty. */
    static long oldest(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COALESCE(MIN(seq), 0) FROM change_log");
    }

    /** Events with {@code after < seq <= upTo}, oldest first, at most {@code limit}. */
    static List<Event> between(Connection c, long after, long upTo, int limit) throws SQLException {
        return Sql.list(c, "SELECT seq, event, event_id, version, status, cliente_id, from_status, pedido_id, "
                + "changed_at, at_ms FROM change_log WHERE seq > ? AND seq <= ? AND event IS NOT NULL "
                + "ORDER BY seq LIMIT ?", EventLog::event, after, upTo, limit);
    }

    private static Event event(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        String type = rs.getString(2);
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("type", type);
        data.put("id", rs.getLong(3));
        if (type.startsWith("imagem.")) {
            data.put("pedido_id", rs.getLong(8));
        } else {
            data.put("version", rs.getLong(4));
            if (type.startsWith("pedido.")) {
                data.put("status", rs.getString(5));
                data.put("cliente_id", rs.getLong(6));
                if (rs.getString(7) != null) {
                    data.put("from", rs.getString(7));
                }
            }
        }
        data.put("at", rs.getString(9));
        return Event.of(seq, type, rs.getLong(10), data);
    }
}
