package fichas.core.http;

/** One broken rule of one request field, listed in the error's {@code details}. */
public record FieldError(String field, String message) {
}
