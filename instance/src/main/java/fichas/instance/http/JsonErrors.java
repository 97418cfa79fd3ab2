package fichas.instance.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import fichas.core.http.ApiException;

/**
 * The one translation of a failure to read a JSON request body into the {@code 400 bad_request} of API.md.
 * The message says in plain words what is wrong and where ({@code malformed JSON at line 1, column 7}, {@code JSON
 * nested deeper than 1000 levels}); Jackson's own text is never passed on, since it names Jackson's classes,
 * features and methods ({@code bound as com.fasterxml...JsonNode}, {@code StreamReadConstraints.getMaxNestingDepth()}).
 * Jackson tells its failures apart only by message, so those are matched by their first words; an unknown one
 * still gets the plain "malformed JSON at …".
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    public static ApiException badRequest(JsonProcessingException e) {
        return ApiException.badRequest(describe(e));
    }

    static String describe(JsonProcessingException e) {
        String jackson = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return overLimit(jackson);
        }
        String where = where(e.getLocation());
        if (e instanceof JsonEOFException) {
            return "the JSON body ends before its value is complete" + where;
        }
        if (e instanceof MismatchedInputException && jackson.startsWith("Trailing token")) {
            return "the JSON body has more content after its value" + where;
        }
        if (jackson.startsWith("Duplicate field '") && jackson.endsWith("'")) {
            return "duplicate field " + jackson.substring("Duplicate field ".length()) + where;
        }
        if (jackson.contains("surrogate") && jackson.contains("field name")) {
            return "a field name holds an unpaired UTF-16 surrogate, which is not valid Unicode" + where;
        }
        if (jackson.startsWith("Invalid UTF-8")) {
            return "the JSON body is not valid UTF-8" + where;
        }
        return "malformed JSON" + where;
    }

    private static String overLimit(String jackson) {
        StreamReadConstraints limits = Json.MAPPER.getFactory().streamReadConstraints();
        if (jackson.startsWith("Document nesting depth")) {
            return "JSON nested deeper than " + limits.getMaxNestingDepth() + " levels";
        }
        if (jackson.startsWith("Number value length")) {
            return "a JSON number longer than " + limits.getMaxNumberLength() + " characters";
        }
        if (jackson.startsWith("String value length")) {
            return "a JSON string longer than " + limits.getMaxStringLength() + " characters";
        }
        if (jackson.startsWith("Name length")) {
            return "a JSON field name longer than " + limits.getMaxNameLength() + " characters";
        }
        return "the JSON body is larger than this server reads";
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
