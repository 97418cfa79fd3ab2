package fichas.console.admin;

import fichas.core.http.ApiException;
import fichas.core.http.Principal;

import fichas.balancer.BackendStatus;
import fichas.balancer.proxy.BackendState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin actions: rolling reload and restart are handed to the supervisor (which runs them on its own
 * threads; the caller gets 202 at once), cache clear is done here by calling
 * {@code POST /monitoring/cache/clear} on every UP backend with the caller's own token, in parallel.
 * Blocking (cache clear waits up to {@link #CACHE_CLEAR_TIMEOUT}); call from a worker thread. Thread-safe.
 */
public final class AdminActions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminActions.class);
    static final Duration CACHE_CLEAR_TIMEOUT = Duration.ofSeconds(5);

    private final List<BackendState> backends;
    private final SupervisorView supervisor;
    private final ExecutorService executor;
    private final HttpClient client;

    /** @param supervisor null when the balancer runs alone: reload and restart answer 503 */
    public AdminActions(List<BackendState> backends, SupervisorView supervisor) {
        this.backends = backends;
        this.supervisor = supervisor;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fichas-balancer-admin-http");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CACHE_CLEAR_TIMEOUT)
                .executor(executor)
                .build();
    }

    Map<String, Object> reload(Principal caller) {
        if (!requireSupervisor().startReload()) {
            throw ApiException.conflict("a rolling reload is already running");
        }
        log.info("rolling reload started by {} through the balancer", caller.username());
        return AdminRoutes.map("action", "reload", "status", "started");
    }

    Map<String, Object> restart(Principal caller, String nameOrId) {
        String target = requireSupervisor().startRestart(nameOrId)
                .orElseThrow(() -> ApiException.notFound("no instance named '" + nameOrId + "'"));
        log.info("instance {} restart started by {} through the balancer", target, caller.username());
        return AdminRoutes.map("action", "restart", "target", target, "status", "started");
    }

    /**
     * Clears the caches of every UP backend. Each result carries the backend's status code, or null and an
     * {@code error} when it could not be reached in time.
     */
    Map<String, Object> clearCaches(Principal caller, String authorization, String query, String requestId) {
        String suffix = query == null || query.isEmpty() ? "" : "?" + query;
        List<BackendState> up = backends.stream().filter(b -> b.snapshot().state() == BackendStatus.UP).toList();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (BackendState b : up) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(b.uri() + "/monitoring/cache/clear" + suffix))
                    .timeout(CACHE_CLEAR_TIMEOUT)
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (requestId != null) {
                request.header("X-Request-Id", requestId);
            }
            calls.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < up.size(); i++) {
            results.add(result(up.get(i).id(), calls.get(i)));
        }
        log.info("caches cleared by {} through the balancer: {}", caller.username(), results);
        return AdminRoutes.map("action", "cache-clear", "results", results);
    }

    private static Map<String, Object> result(String backendId, CompletableFuture<HttpResponse<Void>> call) {
        try {
            int status = call.get(CACHE_CLEAR_TIMEOUT.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .statusCode();
            return AdminRoutes.map("backend", backendId, "status", status);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return AdminRoutes.map("backend", backendId, "status", null, "error", String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AdminRoutes.map("backend", backendId, "status", null, "error", "interrupted");
        }
    }

    private SupervisorView requireSupervisor() {
        if (supervisor == null) {
            throw ApiException.unavailable("this balancer runs without a supervisor; reload and restart are not available");
        }
        return supervisor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
