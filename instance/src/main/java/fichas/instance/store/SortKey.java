package fichas.instance.store;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key a name sorts by, stored beside it: accents removed and lower case ({@code Álvaro} → {@code alvaro}), so
 * that a list ordered by it puts {@code Álvaro} between {@code Alice} and {@code Bruno} on SQLite (whose
 * {@code NOCASE} folds ASCII only) and on PostgreSQL alike. Computed in Java because neither database can fold
 * accents without an extension.
 */
public final class SortKey {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private SortKey() {
    }

    public static String of(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
    }
}
