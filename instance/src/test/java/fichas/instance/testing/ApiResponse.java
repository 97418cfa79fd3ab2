package fichas.instance.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** An HTTP answer as a test reads it: status, headers, raw bytes and the body as JSON. */
public record ApiResponse(int status, HttpResponse<byte[]> raw) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public JsonNode json() {
        try {
            return MAPPER.readTree(raw.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text(), e);
        }
    }

    public String text() {
        return new String(raw.body(), StandardCharsets.UTF_8);
    }

    public byte[] bytes() {
        return raw.body();
    }

    public Optional<String> header(String name) {
        return raw.headers().firstValue(name);
    }

    /** The error code of an API.md error body. */
    public String errorCode() {
        return json().path("error").path("code").asText();
    }

    @Override
    public String toString() {
        return status + " " + text();
    }
}
