package fichas.instance.monitoring;

import fichas.instance.cache.CacheStats;
import fichas.instance.cache.Caches;
import fichas.instance.cache.ChangeFeed;
import fichas.core.http.Access;
import fichas.core.http.ApiException;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import fichas.instance.resilience.DatabaseGuard;
import fichas.instance.store.Database;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /monitoring/cache/status} and {@code POST /monitoring/cache/clear[?name=]}, admin
 * only. The status also shows the coherence check (how many, what one costs) and the database
 * guard (circuit state, rejected calls, busy retries, slow statements), since those decide
 * whether a cached answer can be trusted. Clearing affects this instance only.
 */
public final class CacheRoutes {
    private final Caches caches;
    private final Database database;

    public CacheRoutes(Caches caches, Database database) {
        this.caches = caches;
        this.database = database;
    }

    public List<Route> routes() {
        return List.of(
                new Route(Methods.GET, "/monitoring/cache/status", Access.ADMIN, BodyKind.NONE, this::status),
                new Route(Methods.POST, "/monitoring/cache/clear", Access.ADMIN, BodyKind.NONE, this::clear));
    }

    private void status(ApiRequest request) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (CacheStats stats : caches.stats()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("size", stats.size());
            one.put("hits", stats.hits());
            one.put("misses", stats.misses());
            one.put("hit_ratio", Math.round(stats.hitRatio() * 10_000) / 10_000.0);
            one.put("evictions", stats.evictions());
            one.put("invalidations", stats.invalidations());
            byName.put(stats.name(), one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", caches.enabled());
        body.put("caches", byName);
        body.put("coherence", coherence(caches.coherence()));
        body.put("database", database(database.guardStats()));
        request.respond(200, body);
    }

    private static Map<String, Object> coherence(ChangeFeed.Stats feed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("checks", feed.checks());
        out.put("avg_check_us", Math.round(feed.avgCheckMicros() * 100) / 100.0);
        out.put("changes_applied", feed.changesApplied());
        out.put("failures", feed.failures());
        out.put("last_seq", feed.lastSeq());
        out.put("open_connections", feed.openConnections());
        return out;
    }

    private Map<String, Object> database(DatabaseGuard.Stats guard) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("circuit", guard.circuit());
        out.put("rejected_calls", guard.rejectedCalls());
        out.put("free_read_slots", guard.freeReadSlots());
        out.put("free_write_slots", guard.freeWriteSlots());
        out.put("busy_retries", database.busyRetries());
        out.put("commits", database.commits());
        out.put("grouped_writes", database.groupedWrites());
        out.put("groups_rerun_with_savepoints", database.optimisticFallbacks());
        Database.LockWaits waits = database.lockWaits();
        out.put("lock_waits", waits.waits());
        out.put("lock_wait_handler_calls", waits.handlerCalls());
        out.put("lock_wait_ms", Math.round(waits.waitedMillis() * 10) / 10.0);
        out.put("lock_wait_cpu_ms", Math.round(waits.cpuMillis() * 10) / 10.0);
        out.put("slow_statements", database.slowStatements());
        return out;
    }

    private void clear(ApiRequest request) {
        Optional<String> name = request.query("name");
        if (name.isEmpty()) {
            caches.clearAll();
        } else {
            caches.find(name.get().trim())
                    .orElseThrow(() -> ApiException.notFound("no cache named '" + name.get() + "'; known: "
                            + caches.all().stream().map(c -> c.name()).toList()))
                    .clear();
        }
        request.noContent();
    }
}
