package fichas.core.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one exception that carries an HTTP answer: an {@link ErrorCode} (status and API.md code) and a message,
 * plus field details for {@code validation_failed} and extra headers (Allow, Retry-After, WWW-Authenticate).
 * Thrown anywhere below an {@link ErrorHandler}, which turns it into the JSON error document.
 */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final List<FieldError> details;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message, List<FieldError> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code);
        this.details = List.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, List.of(), Map.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }

    public static ApiException validation(List<FieldError> details) {
        String message = details.size() == 1
                ? details.get(0).field() + " " + details.get(0).message()
                : details.size() + " fields are invalid";
        return new ApiException(ErrorCode.VALIDATION_FAILED, message, details, Map.of());
    }

    public static ApiException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(ErrorCode.UNAUTHENTICATED, message, List.of(), Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    /** 405 with {@code Allow} (the methods the path takes, {@code OPTIONS} included). */
    public static ApiException methodNotAllowed(String method, String path, String allow) {
        return new ApiException(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path, List.of(),
                Map.of("Allow", allow));
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message);
    }

    public static ApiException versionConflict(String entity, long id, long current) {
        return new ApiException(ErrorCode.VERSION_CONFLICT,
                entity + " " + id + " was changed by someone else; its current version is " + current);
    }

    /** 429 with {@code Retry-After}. */
    public static ApiException rateLimited(String message, long retryAfterSeconds) {
        return new ApiException(ErrorCode.RATE_LIMITED, message, List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** 503 for a condition that will not pass by waiting (nothing configured): no {@code Retry-After}. */
    public static ApiException unavailable(String message) {
        return new ApiException(ErrorCode.UNAVAILABLE, message);
    }

    /** 503 with {@code Retry-After}: a condition that may pass soon. */
    public static ApiException unavailable(String message, long retryAfterSeconds) {
        return new ApiException(ErrorCode.UNAVAILABLE, message, List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** 500: what every unexpected failure is answered with (the log has the cause under the request id). */
    public static ApiException internal() {
        return new ApiException(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred; see the server log");
    }

    public ErrorCode errorCode() {
        return code;
    }

    public int status() {
        return code.status();
    }

    /** The API.md code, e.g. {@code not_found}. */
    public String code() {
        return code.wire();
    }

    public List<FieldError> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The {@code Retry-After} this answer carries, in seconds; 0 when it has none. */
    public long retryAfterSeconds() {
        String value = headers.get("Retry-After");
        return value == null ? 0 : Long.parseLong(value);
    }
}
