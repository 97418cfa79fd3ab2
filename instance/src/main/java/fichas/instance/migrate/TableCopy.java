package fichas.instance.migrate;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One table of the Fichas schema as the migration copies and verifies it: its columns (read from
 * the source), the order that makes a checksum comparable (its primary key), and the row digest,
 * computed the same way on both databases from JDBC values (integers as decimal text, blobs as hex,
 * null as a marker no text can equal). Stateless.
 */
record TableCopy(String table, String orderBy, boolean hasIdSequence) {
    /** Every table of schema 8, parents before children (foreign keys hold at every row). */
    static final List<TableCopy> ALL = List.of(
            new TableCopy("users", "id", true),
            new TableCopy("sessions", "token_hash", false),
            new TableCopy("tipos", "id", true),
            new TableCopy("clientes", "id", true),
            new TableCopy("pedidos", "id", true),
            new TableCopy("pedido_status_history", "id", true),
            new TableCopy("imagens", "id", true),
            new TableCopy("idempotency_keys", "user_id, route, idem_key", false),
            new TableCopy("change_log", "seq", false),
            new TableCopy("pedido_status_counts", "status", false),
            new TableCopy("backup_schedule", "slot", false),
            new TableCopy("login_failures", "username, failed_at", false));

    private static final int BATCH = 1000;
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    /** Column names in the source's order. */
    List<String> columns(Connection source) throws SQLException {
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                out.add(meta.getColumnName(i));
            }
            return out;
        }
    }

    /** Copies every row; returns how many. The target table is empty and its triggers are off. */
    long copy(Connection source, Connection target) throws SQLException {
        List<String> columns = columns(source);
        String list = String.join(", ", columns);
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        long rows = 0;
        try (Statement read = source.createStatement();
             ResultSet rs = read.executeQuery("SELECT " + list + " FROM " + table + " ORDER BY " + orderBy);
             PreparedStatement insert = target.prepareStatement("INSERT INTO " + table + " (" + list + ") VALUES ("
                     + marks + ")")) {
            while (rs.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    Object value = rs.getObject(i);
                    if (value instanceof Integer n) {
                        value = n.longValue();
                    }
                    insert.setObject(i, value);
                }
                insert.addBatch();
                if (++rows % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return rows;
    }

    /**
     * Row count and a checksum of the rows as a set: the sum (mod 2^256) of each row's SHA-256, so the
     * two databases need not return rows in the same order (their collations differ on text keys).
     */
    Summary summarize(Connection c, List<String> columns) throws SQLException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        BigInteger sum = BigInteger.ZERO;
        long rows = 0;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table)) {
            while (rs.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    digest.update(canonical(rs.getObject(i)));
                    digest.update((byte) 0x1f);
                }
                sum = sum.add(new BigInteger(1, digest.digest())).mod(MODULUS);
                rows++;
            }
        }
        return new Summary(rows, String.format("%064x", sum));
    }

    private static byte[] canonical(Object value) {
        if (value == null) {
            return new byte[] {0};
        }
        if (value instanceof byte[] bytes) {
            return ("x" + HexFormat.of().formatHex(bytes)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (value instanceof Number n) {
            return ("n" + n.longValue()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return ("s" + value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One table's row count and checksum on one side. */
    record Summary(long rows, String sha256) {
    }
}
