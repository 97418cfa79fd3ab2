package fichas.instance.http;

import fichas.core.http.ApiException;
import fichas.core.http.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Strict, field-by-field reading of a JSON object body. Every broken rule is collected, so one
 * 400 {@code validation_failed} lists them all; {@link #validate()} throws it. Types are never
 * coerced: {@code "5"} is not an integer and {@code 5} is not a string.
 */
public final class JsonFields {
    private final ObjectNode node;
    private final List<FieldError> errors = new ArrayList<>();

    /**
     * @param allowed  the fields this body may carry
     * @param readOnly fields a client may send back as it read them; ignored
     */
    public JsonFields(ObjectNode node, Set<String> allowed, Set<String> readOnly) {
        this.node = node;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name) && !readOnly.contains(name)) {
                errors.add(new FieldError(name, "is not a known field"));
            }
        }
    }

    public String requiredString(String name, int maxLength) {
        String value = optionalString(name, maxLength);
        if (value == null && !hasError(name)) {
            errors.add(new FieldError(name, isPresent(name) ? "must not be blank" : "is required"));
        }
        return value;
    }

    /** A trimmed string, or null when absent, null or blank. */
    public String optionalString(String name, int maxLength) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        String trimmed = value.textValue().strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (trimmed.codePointCount(0, trimmed.length()) > maxLength) {
            errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
            return null;
        }
        return trimmed;
    }

    public Long requiredLong(String name, long min, long max) {
        Long value = optionalLong(name, min, max);
        if (value == null && !hasError(name)) {
            errors.add(new FieldError(name, "is required"));
        }
        return value;
    }

    public Long optionalLong(String name, long min, long max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            errors.add(new FieldError(name, "must be an integer"));
            return null;
        }
        long number = value.longValue();
        if (number < min || number > max) {
            errors.add(new FieldError(name, "must be between " + min + " and " + max));
            return null;
        }
        return number;
    }

    public boolean optionalBoolean(String name, boolean absent) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(name, "must be true or false"));
            return absent;
        }
        return value.booleanValue();
    }

    /** A {@code YYYY-MM-DD} date that exists in the calendar, or null when absent. */
    public LocalDate optionalDate(String name) {
        String text = optionalString(name, 10);
        if (text == null) {
            return null;
        }
        try {
            if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be a date YYYY-MM-DD"));
            return null;
        }
    }

    public boolean isPresent(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public void reject(String name, String message) {
        if (!hasError(name)) {
            errors.add(new FieldError(name, message));
        }
    }

    /** Whether any rule is broken so far. */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public boolean hasError(String name) {
        return errors.stream().anyMatch(error -> error.field().equals(name));
    }

    /** Throws {@code validation_failed} listing every broken rule, if any. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
