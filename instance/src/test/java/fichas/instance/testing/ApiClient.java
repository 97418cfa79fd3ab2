package fichas.instance.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP client for tests against a real server. Immutable: {@link #withToken} and
 * {@link #withHeader} return new clients.
 */
public final class ApiClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;
    private final List<String> headers;

    public ApiClient(String baseUrl) {
        this(baseUrl, List.of());
    }

    private ApiClient(String baseUrl, List<String> headers) {
        this.baseUrl = baseUrl;
        this.headers = List.copyOf(headers);
    }

    public static ApiClient at(int port) {
        return new ApiClient("http://127.0.0.1:" + port);
    }

    public ApiClient withToken(String token) {
        return withHeader("Authorization", "Bearer " + token);
    }

    public ApiClient withHeader(String name, String value) {
        List<String> more = new ArrayList<>(headers);
        more.add(name);
        more.add(value);
        return new ApiClient(baseUrl, more);
    }

    /** Logs in and returns a client carrying the token. */
    public ApiClient login(String username, String password) {
        ApiResponse response = post("/auth/login", Map.of("username", username, "password", password));
        if (response.status() != 200) {
            throw new AssertionError("login failed: " + response);
        }
        return withToken(response.json().get("token").asText());
    }

    public ApiResponse get(String path) {
        return send("GET", path, null, null);
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null, null);
    }

    public ApiResponse post(String path, Object jsonBody) {
        return send("POST", path, "application/json", json(jsonBody));
    }

    public ApiResponse put(String path, Object jsonBody) {
        return send("PUT", path, "application/json", json(jsonBody));
    }

    public ApiResponse patch(String path, Object jsonBody) {
        return send("PATCH", path, "application/json", json(jsonBody));
    }

    /** Any method, any content type, raw bytes (null for no body). */
    public ApiResponse send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        try {
            return wrap(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ApiResponse wrap(HttpResponse<byte[]> response) {
        return new ApiResponse(response.statusCode(), response);
    }

    public static byte[] json(Object body) {
        try {
            return body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
