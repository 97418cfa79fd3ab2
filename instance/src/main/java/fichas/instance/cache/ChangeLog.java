package fichas.instance.cache;

import fichas.instance.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads and sweeps the {@code change_log} table. Rows are appended by triggers (migration V2) in
 * the transaction of each change, so a row is visible exactly when the change is.
 */
public final class ChangeLog {
    private ChangeLog() {
    }

    /** The newest sequence number, 0 when the log is empty. */
    public static long lastSeq(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COALESCE(MAX(seq), 0) FROM change_log");
    }

    /** The oldest sequence number still kept, 0 when the log is empty. */
    public static long firstSeq(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COALESCE(MIN(seq), 0) FROM change_log");
    }

    /** Rows after {@code seq}, oldest first. */
    public static List<Change> since(Connection c, long seq) throws SQLException {
        return Sql.list(c, "SELECT seq, entity, entity_id, scope FROM change_log WHERE seq > ? ORDER BY seq",
                rs -> new Change(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)), seq);
    }

    /** Deletes rows changed before {@code cutoff} (ISO-8601 UTC), keeping the newest row; returns how many. */
    public static int sweep(Connection c, String cutoff) throws SQLException {
        return sweep(c, cutoff, 0);
    }

    /**
     * Deletes rows changed before {@code cutoff} (ISO-8601 UTC), keeping the newest row and the
     * rows from the {@code keepEvents}-th newest event on (the events' retention: the older of the
     * two bounds wins, so both are kept); returns how many.
     */
    public static int sweep(Connection c, String cutoff, int keepEvents) throws SQLException {
        if (keepEvents <= 0) {
            return Sql.update(c, "DELETE FROM change_log WHERE changed_at < ? AND seq < (SELECT MAX(seq) FROM change_log)",
                    cutoff);
        }
        return Sql.update(c, "DELETE FROM change_log WHERE changed_at < ? AND seq < (SELECT MAX(seq) FROM change_log) "
                + "AND seq < COALESCE((SELECT seq FROM change_log WHERE event IS NOT NULL ORDER BY seq DESC "
                + "LIMIT 1 OFFSET ?), 0)", cutoff, keepEvents - 1);
    }
}
