package fichas.supervisor.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code GET http://host:port/health}, true only on 200. A child probed on another path (the balancer, on
 * {@code /balancer/metrics}, which asks a caller that is not on loopback for a token) is alive when it answers
 * anything below 500. Blocks at most the timeout. Thread-safe.
 */
public final class HealthProbe {
    private final HttpClient client;
    private final String host;
    private final Duration timeout;

    public HealthProbe(String host, Duration timeout) {
        this.host = host;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public boolean healthy(int port) {
        return healthy(port, "/health");
    }

    public boolean healthy(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(timeout).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return path.equals("/health") ? status == 200 : status < 500;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
