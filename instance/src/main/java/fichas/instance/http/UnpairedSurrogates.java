package fichas.instance.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.core.http.ApiException;
import fichas.core.http.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses JSON string values that are not Unicode text. A lone UTF-16 surrogate written as a JSON escape
 * (backslash, {@code ud800}) is valid JSON syntax but no character: Java keeps it in a String, and SQLite's UTF-8
 * turns it into {@code ?}, so the row would silently differ from what the client sent and was answered. A value
 * holding one, at any depth, is {@code 400 validation_failed} naming the top-level field it is in. Field names
 * need no check here: the parser already refuses a lone surrogate in a name, and the same surrogate as raw
 * UTF-8 bytes anywhere; both are {@code 400 bad_request} ({@link JsonErrors}). Stateless.
 */
public final class UnpairedSurrogates {
    private UnpairedSurrogates() {
    }

    /** Throws {@code validation_failed}, listing every such field, unless every string value of {@code body} is valid Unicode. */
    public static void rejectIn(ObjectNode body) {
        List<FieldError> broken = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            int unit = inValues(field.getValue());
            if (unit >= 0) {
                broken.add(new FieldError(field.getKey(), message(unit)));
            }
        }
        if (!broken.isEmpty()) {
            throw ApiException.validation(broken);
        }
    }

    /** The {@code details} message for a field whose string holds the unpaired surrogate {@code unit}. */
    public static String message(int unit) {
        return "must be valid Unicode, but holds an unpaired UTF-16 surrogate (\\u"
                + Integer.toHexString(unit).toUpperCase(Locale.ROOT) + ")";
    }

    /** The first unpaired surrogate (a UTF-16 code unit) in {@code text}, or -1 when there is none. */
    public static int find(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return c;
            }
        }
        return -1;
    }

    private static int inValues(JsonNode node) {
        if (node.isTextual()) {
            return find(node.textValue());
        }
        for (JsonNode child : node) {
            int unit = inValues(child);
            if (unit >= 0) {
                return unit;
            }
        }
        return -1;
    }
}
