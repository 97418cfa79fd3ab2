package fichas.instance.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a backup's database file says about itself: {@code PRAGMA integrity_check}, the schema version,
 * the rows per table and the image hashes its rows reference. Read on a connection to the copy.
 */
record DatabaseFacts(String integrity, int schemaVersion, String sqliteVersion, Map<String, Long> rowCounts,
                     Set<String> referencedMedia) {

    /** A database file that cannot be opened or read at all. */
    static DatabaseFacts unreadable() {
        return new DatabaseFacts("unreadable", 0, "", Map.of(), Set.of());
    }

    static DatabaseFacts of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            String integrity = integrity(statement);
            if (!integrity.equals("ok")) {
                return new DatabaseFacts(integrity, 0, "", Map.of(), Set.of());
            }
            int schema = (int) single(statement, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
            String sqlite;
            try (ResultSet rs = statement.executeQuery("SELECT sqlite_version()")) {
                rs.next();
                sqlite = rs.getString(1);
            }
            Map<String, Long> counts = new TreeMap<>();
            for (String table : tables(statement)) {
                counts.put(table, single(statement, "SELECT COUNT(*) FROM \"" + table.replace("\"", "\"\"") + "\""));
            }
            Set<String> media = new LinkedHashSet<>();
            if (counts.containsKey("imagens")) {
                try (ResultSet rs = statement.executeQuery("SELECT DISTINCT sha256 FROM imagens ORDER BY sha256")) {
                    while (rs.next()) {
                        media.add(rs.getString(1));
                    }
                }
            }
            return new DatabaseFacts(integrity, schema, sqlite, counts, media);
        }
    }

    boolean ok() {
        return integrity.equals("ok");
    }

    /** "ok", or the first problems integrity_check reports, joined. */
    private static String integrity(Statement statement) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("PRAGMA integrity_check(20)")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines.equals(List.of("ok")) ? "ok" : String.join("; ", lines);
    }

    private static List<String> tables(Statement statement) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
