package fichas.instance.http;

import java.util.List;
import java.util.Map;

/**
 * The one exception that carries an HTTP answer: status, the API.md error code and a message, plus
 * field details for {@code validation_failed} and extra headers (Allow, Retry-After). Thrown
 * anywhere below the error handler, which turns it into the JSON error body.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<FieldError> details;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message, List<FieldError> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException validation(List<FieldError> details) {
        String message = details.size() == 1
                ? details.get(0).field() + " " + details.get(0).message()
                : details.size() + " fields are invalid";
        return new ApiException(400, "validation_failed", message, details, Map.of());
    }

    public static ApiException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(401, "unauthenticated", message, List.of(), Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException versionConflict(String entity, long id, long current) {
        return new ApiException(409, "version_conflict",
                entity + " " + id + " was changed by someone else; its current version is " + current);
    }

    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, "unavailable", message, List.of(),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
