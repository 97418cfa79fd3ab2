package fichas.instance.clientes;

import fichas.core.http.ApiException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code GET /clientes?q=} matches: nome or email as a substring without regard to case or accents
 * ({@code joao} and {@code JOÃO} find {@code João}), or documento by its digits when {@code q} looks like a
 * documento ({@code 390.533} finds {@code 39053344705}).
 *
 * <p>Why patterns and not {@code lower()}: SQLite's {@code lower()} and {@code LIKE} fold ASCII only, so an accented
 * capital could never be found, and PostgreSQL's depend on the database's locale. Each letter of the term becomes a
 * class of every Latin letter with the same base ({@code a} → {@code [aAàÀáÁâÂãÃ…]}), matched case-sensitively:
 * SQLite's {@code GLOB} and PostgreSQL's {@code ~} both read such classes by character, whatever the locale.
 */
final class ClienteSearch {
    /** Longer than any nome (200) or e-mail (254) worth typing; bounds the pattern far below SQLite's 50,000 bytes. */
    static final int MAX_LENGTH = 200;
    /** Letters folded together: Latin-1 Supplement and Latin Extended-A/B, enough for Portuguese and its neighbours. */
    private static final Map<Character, String> VARIANTS = variants();

    private final String term;
    private final String documentoDigits;

    private ClienteSearch(String term, String documentoDigits) {
        this.term = term;
        this.documentoDigits = documentoDigits;
    }

    /** The search for a non-blank {@code q} (already stripped); 400 {@code bad_request} when it is too long. */
    static ClienteSearch of(String q) {
        if (q.codePointCount(0, q.length()) > MAX_LENGTH) {
            throw ApiException.badRequest("q must be at most " + MAX_LENGTH + " characters");
        }
        boolean looksLikeDocumento = q.matches("[0-9./\\- ]+") && q.chars().anyMatch(Character::isDigit);
        return new ClienteSearch(q, looksLikeDocumento ? q.replaceAll("[^0-9]", "") : null);
    }

    /** The WHERE clause for SQLite ({@code GLOB}) or PostgreSQL ({@code ~}); its parameters are {@link #parameters}. */
    String where(boolean postgres) {
        String op = postgres ? " ~ ?" : " GLOB ?";
        return " WHERE nome" + op + " OR email" + op + (documentoDigits != null ? " OR documento LIKE ?" : "");
    }

    List<Object> parameters(boolean postgres) {
        String pattern = postgres ? regex(term) : glob(term);
        List<Object> params = new ArrayList<>(List.of(pattern, pattern));
        if (documentoDigits != null) {
            params.add("%" + documentoDigits + "%"); // digits only: nothing to escape
        }
        return params;
    }

    /** A SQLite GLOB that finds {@code term} anywhere: classes for letters, {@code * ? [} made literal. */
    static String glob(String term) {
        StringBuilder out = new StringBuilder("*");
        term.codePoints().forEach(cp -> {
            String variants = cp <= Character.MAX_VALUE ? VARIANTS.get((char) cp) : null;
            if (variants != null) {
                out.append('[').append(variants).append(']');
            } else if (cp == '*' || cp == '?' || cp == '[') {
                out.append('[').appendCodePoint(cp).append(']');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('*').toString();
    }

    /** A PostgreSQL regular expression that finds {@code term} anywhere: classes for letters, the rest escaped. */
    static String regex(String term) {
        StringBuilder out = new StringBuilder();
        term.codePoints().forEach(cp -> {
            String variants = cp <= Character.MAX_VALUE ? VARIANTS.get((char) cp) : null;
            if (variants != null) {
                out.append('[').append(variants).append(']');
            } else if (Character.isLetterOrDigit(cp) || cp == ' ') {
                out.appendCodePoint(cp);
            } else {
                out.append('\\').appendCodePoint(cp); // an escaped non-alphanumeric is itself in PostgreSQL's AREs
            }
        });
        return out.toString();
    }

    /** Each letter to every letter of the same base, in both cases; letters without variants are absent. */
    private static Map<Character, String> variants() {
        Map<String, Set<Character>> byBase = new HashMap<>();
        List<Character> letters = new ArrayList<>();
        for (char c = 'A'; c <= 'z'; c++) {
            if (Character.isLetter(c)) {
                letters.add(c);
            }
        }
        for (char c = '\u00C0'; c <= '\u024F'; c++) {
            if (Character.isLetter(c)) {
                letters.add(c);
            }
        }
        for (char c : letters) {
            byBase.computeIfAbsent(base(c), b -> new LinkedHashSet<>()).add(c);
        }
        Map<Character, String> variants = new HashMap<>();
        for (char c : letters) {
            Set<Character> same = new LinkedHashSet<>(byBase.get(base(c)));
            same.add(Character.toUpperCase(c));
            same.add(Character.toLowerCase(c));
            if (same.size() > 1) {
                StringBuilder s = new StringBuilder();
                same.forEach(s::append);
                variants.put(c, s.toString());
            }
        }
        return Map.copyOf(variants);
    }

    /** The letter without its accents, in lower case ({@code Ã} → {@code a}). */
    private static String base(char c) {
        String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return decomposed.toLowerCase(Locale.ROOT);
    }
}
