package fichas.supervisor.balance;

import com.fasterxml.jackson.core.type.TypeReference;
import fichas.balancer.BalancerListener;
import fichas.console.admin.ChildView;
import fichas.console.admin.SupervisorView;
import fichas.supervisor.control.ControlToken;
import fichas.supervisor.control.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The balancer child's side of the supervisor's control channel (its loopback control endpoint, with the token of
 * {@code data/supervisor.token}): the {@link SupervisorView} its admin routes and alerts use (children, reload,
 * restart), the "backend down" reports of its health checks, and its own {@link BalancerReport}s. The token is
 * read again after a 401, as a supervisor started anew writes a new one. Thread-safe.
 */
final class ControlLink implements SupervisorView {
    private static final Logger log = LoggerFactory.getLogger(ControlLink.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long CHILDREN_TTL_NANOS = 500_000_000L;
    private static final TypeReference<List<ChildView>> CHILDREN = new TypeReference<>() { };

    private final HttpClient http;
    private final int port;
    private final Path tokenFile;
    private volatile String token;
    private volatile List<ChildView> children = List.of();
    private volatile long childrenAt = Long.MIN_VALUE;

    ControlLink(int port, Path tokenFile) {
        this.port = port;
        this.tokenFile = tokenFile;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .executor(Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "fichas-balancer-control");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    /** Children for the status page and alerts; asked at most twice a second, the last answer kept on failure. */
    @Override
    public List<ChildView> children() {
        long now = System.nanoTime();
        if (now - childrenAt < CHILDREN_TTL_NANOS) {
            return children;
        }
        try {
            HttpResponse<String> r = call("GET", "/balancer/children", null);
            if (r.statusCode() == 200) {
                children = List.copyOf(Json.MAPPER.readValue(r.body(), CHILDREN));
                childrenAt = now;
            }
        } catch (IOException e) {
            log.debug("supervisor children not available: {}", e.toString());
        }
        return children;
    }

    @Override
    public boolean startReload() {
        return send("POST", "/balancer/reload") == 202;
    }

    @Override
    public Optional<String> startRestart(String nameOrId) {
        try {
            HttpResponse<String> r = call("POST", "/balancer/restart?name=" + URLEncoder.encode(nameOrId, StandardCharsets.UTF_8), null);
            return r.statusCode() == 202 ? Optional.of(Json.MAPPER.readTree(r.body()).path("result").asText()) : Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("the supervisor did not answer: " + e.getMessage(), e);
        }
    }

    /** Health checks turned a backend DOWN: the supervisor looks for a hung instance at once. */
    BalancerListener listener() {
        return new BalancerListener() {
            @Override
            public void backendDown(String backendId) {
                send("POST", "/balancer/backend-down?id=" + URLEncoder.encode(backendId, StandardCharsets.UTF_8));
            }

            @Override
            public void backendUp(String backendId) {
                log.debug("backend {} up", backendId);
            }
        };
    }

    /** True when the supervisor took the report. */
    boolean report(BalancerReport report) {
        try {
            return call("POST", "/balancer/report", Json.MAPPER.writeValueAsString(report)).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private int send(String method, String path) {
        try {
            return call(method, path, null).statusCode();
        } catch (IOException e) {
            log.warn("control call {} {} failed: {}", method, path, e.toString());
            return -1;
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException {
        HttpResponse<String> r = attempt(method, path, body, token());
        if (r.statusCode() == 401) {
            token = null;
            r = attempt(method, path, body, token());
        }
        return r;
    }

    private HttpResponse<String> attempt(String method, String path, String body, String bearer) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bearer)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String token() throws IOException {
        String t = token;
        if (t == null) {
            t = ControlToken.read(tokenFile).value();
            token = t;
        }
        return t;
    }
}
