package fichas.instance.health;

import fichas.core.http.Access;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import fichas.instance.store.Database;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /health}: cheap, unauthenticated, never cached; 503 DOWN when the database can't be read. */
public final class HealthRoutes {
    private final Database database;
    private final String instanceId;
    private final long startedNanos = System.nanoTime();

    public HealthRoutes(Database database, String instanceId) {
        this.database = database;
        this.instanceId = instanceId;
    }

    public List<Route> routes() {
        return List.of(new Route(Methods.GET, "/health", Access.PUBLIC, BodyKind.NONE, this::health));
    }

    private void health(ApiRequest request) {
        boolean up = database.isReadable();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("instance", instanceId);
        body.put("uptime_s", Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0);
        body.put("db", up ? "UP" : "DOWN");
        request.exchange().getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        if (!up) {
            request.exchange().getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        }
        request.respond(up ? 200 : 503, body);
    }
}
