package fichas.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The error document of API.md, {@code {"error":{"code","message","details"?,"request_id"}}}, as a map (for
 * a server's own JSON writer) or as UTF-8 bytes. Written by Jackson: no hand-made escaping. Stateless.
 */
public final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBody() {
    }

    public static Map<String, Object> of(ApiException api, String requestId) {
        return of(api.code(), api.getMessage(), api.details(), requestId);
    }

    public static Map<String, Object> of(String code, String message, List<FieldError> details, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        error.put("request_id", requestId);
        return Map.of("error", error);
    }

    public static byte[] bytes(ApiException api, String requestId) {
        return write(of(api, requestId));
    }

    /** The document as text, for answers written outside Undertow's sender (raw sockets, the JDK server). */
    public static String text(ErrorCode code, String message, String requestId) {
        return text(code.wire(), message, requestId);
    }

    public static String text(String code, String message, String requestId) {
        return new String(write(of(code, message, List.of(), requestId)), StandardCharsets.UTF_8);
    }

    private static byte[] write(Map<String, Object> document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the error document cannot be serialised", e);
        }
    }
}
