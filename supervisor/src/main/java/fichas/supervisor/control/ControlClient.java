package fichas.supervisor.control;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.supervisor.status.SupervisorStatus;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Talks to a running supervisor's control endpoint, for the CLI commands run from another terminal. */
public final class ControlClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;
    private final Path tokenFile;

    public ControlClient(int port, Path tokenFile) {
        this.port = port;
        this.tokenFile = tokenFile;
    }

    public SupervisorStatus status() throws IOException, InterruptedException {
        return Json.MAPPER.readValue(call("GET", "/status", Duration.ofSeconds(10)), SupervisorStatus.class);
    }

    public void stop() throws IOException, InterruptedException {
        call("POST", "/stop", Duration.ofSeconds(10));
    }

    public void reload(Duration timeout) throws IOException, InterruptedException {
        call("POST", "/reload", timeout);
    }

    public String restart(String name, Duration timeout) throws IOException, InterruptedException {
        String body = call("POST", "/restart?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), timeout);
        return Json.MAPPER.readTree(body).path("result").asText();
    }

    /** True when something answers on the control port (whatever the token). */
    public boolean reachable() {
        try {
            http.send(HttpRequest.newBuilder(uri("/status")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String call(String method, String path, Duration timeout) throws IOException, InterruptedException {
        if (!Files.isReadable(tokenFile)) {
            throw new ControlException("Fichas is not running (no token file " + tokenFile + ")");
        }
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(timeout)
                .header("Authorization", "Bearer " + ControlToken.read(tokenFile).value())
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ControlException("Fichas is not running (nothing listens on control port " + port + ")");
        }
        if (response.statusCode() >= 300) {
            throw new ControlException(method + " " + path + " failed with HTTP " + response.statusCode() + ": "
                    + error(response.body()), response.statusCode());
        }
        return response.body();
    }

    private static String error(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            JsonNode error = node.path("error");
            // the API.md error document ({"error":{"code","message",...}}) of core's ErrorBody
            return error.isObject() ? error.path("message").asText(body) : error.asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The supervisor is not there or refused; the message is for the operator. */
    public static final class ControlException extends IOException {
        private final int status;

        public ControlException(String message) {
            this(message, 0);
        }

        public ControlException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The control endpoint's HTTP status, 0 when it was not reached. */
        public int status() {
            return status;
        }
    }
}
