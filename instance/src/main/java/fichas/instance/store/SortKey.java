package fichas.instance.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The key a name sorts by, stored beside it: accents removed and lower case ({@code Álvaro} → {@code alvaro}), so
 * that a list ordered by it puts {@code Álvaro} between {@code Alice} and {@code Bruno} on SQLite (whose
 * {@code NOCASE} folds ASCII only) and on PostgreSQL alike. Computed in Java because neither database can fold
 * accents without an extension. Letters that Unicode does not decompose into a base letter and a mark are spelled
 * out the way dictionaries sort them ({@code ß} → {@code ss}, {@code Ø} → {@code o}, {@code Ł} → {@code l}), so that
 * they do not sort after {@code z}.
 */
public final class SortKey {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Lower-case letters without a decomposition, and how they are spelled for sorting. */
    private static final Map<Character, String> SPELLED = Map.of(
            'ß', "ss", 'æ', "ae", 'œ', "oe", 'ø', "o", 'ł', "l", 'đ', "d", 'ð', "d", 'þ', "th", 'ı', "i", 'ŀ', "l");

    private SortKey() {
    }

    public static String of(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        String folded = MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char letter = folded.charAt(i);
            String spelled = SPELLED.get(letter);
            if (spelled == null) {
                key.append(letter);
            } else {
                key.append(spelled);
            }
        }
        return key.toString();
    }

    /** A cliente whose stored {@code nome_key} is not its nome's. */
    public record Stale(long id, String nome) {
        public String key() {
            return of(nome);
        }
    }

    /** One batch of a scan in id order: the stale rows among those read, the last id read, whether more may follow. */
    public record Batch(List<Stale> stale, long lastId, boolean more) {
    }

    static final int BATCH = 1000;

    /** Reads up to {@link #BATCH} clientes with an id above {@code after} and keeps those whose key is stale. */
    public static Batch scanClientes(Connection c, long after) throws SQLException {
        record Row(long id, String nome, String key) {
        }
        List<Row> rows = Sql.list(c, "SELECT id, nome, nome_key FROM clientes WHERE id > ? ORDER BY id LIMIT " + BATCH,
                rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3)), after);
        List<Stale> stale = rows.stream().filter(row -> !of(row.nome()).equals(row.key()))
                .map(row -> new Stale(row.id(), row.nome())).toList();
        return new Batch(stale, rows.isEmpty() ? after : rows.get(rows.size() - 1).id(), rows.size() == BATCH);
    }
}
