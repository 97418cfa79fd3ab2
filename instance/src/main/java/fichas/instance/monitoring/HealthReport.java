package fichas.instance.monitoring;

import fichas.instance.cache.CacheStats;
import fichas.instance.cache.Caches;
import fichas.instance.store.Database;
import fichas.observability.alerts.Alert;
import fichas.observability.alerts.Severity;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /monitoring/health/detailed}: runs the checks once and scores them. The score starts
 * at 100 and each problem found takes off the penalty listed in docs/MONITORING.md, with a reason;
 * DOWN when the database cannot be read (score 0), DEGRADED below 80, else UP. Blocking (it probes
 * the database); not thread-safe (one per request).
 */
final class HealthReport {
    static final int DEGRADED_BELOW = 80;
    private static final long MIB = 1024 * 1024;
    private static final double SLOW_PROBE_MS = 250;

    private final Monitoring monitoring;
    private final List<Map<String, Object>> reasons = new ArrayList<>();
    private int score = 100;

    HealthReport(Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    Map<String, Object> build() {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean databaseUp = database(checks);
        checks.put("caches", caches(monitoring.caches()));
        checks.put("memory", memory());
        checks.put("disk", disk(monitoring.database().dataDir()));
        checks.put("alerts", alerts());
        String status;
        if (!databaseUp) {
            score = 0;
            status = "DOWN";
        } else {
            score = Math.max(0, score);
            status = score < DEGRADED_BELOW ? "DEGRADED" : "UP";
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("score", score);
        body.put("reasons", reasons);
        body.put("instance", monitoring.config().server().instanceId());
        body.put("uptime_s", monitoring.uptimeSeconds());
        body.put("version", BuildVersion.current());
        body.put("checks", checks);
        return body;
    }

    private boolean database(Map<String, Object> checks) {
        Database database = monitoring.database();
        long started = System.nanoTime();
        boolean readable = database.isReadable();
        double probeMs = (System.nanoTime() - started) / 1e6;
        String circuit = database.guardStats().circuit();
        Database.PoolStats writer = database.writerPoolStats();
        Database.PoolStats reader = database.readerPoolStats();
        long walBytes = database.walSizeBytes();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", readable ? "UP" : "DOWN");
        out.put("probe_ms", JsonNumbers.round(probeMs, 3));
        out.put("circuit", circuit);
        out.put("wal_bytes", walBytes);
        out.put("writer_pool", pool(writer));
        out.put("reader_pool", pool(reader));
        checks.put("database", out);
        if (!readable) {
            penalise("database", 100, "the database cannot be read (circuit " + circuit + ")");
            return false;
        }
        if (probeMs > SLOW_PROBE_MS) {
            penalise("database", 15, "the database probe took " + Math.round(probeMs) + " ms");
        }
        if (writer.waiting() + reader.waiting() > 0) {
            penalise("database", 10, (writer.waiting() + reader.waiting()) + " threads are waiting for a connection");
        }
        long walLimit = 4 * monitoring.config().store().journalSizeLimit();
        if (walLimit > 0 && walBytes > walLimit) {
            penalise("database", 10, "the WAL is " + walBytes / MIB + " MiB: checkpoints are not keeping up");
        }
        return true;
    }

    private static Map<String, Object> pool(Database.PoolStats pool) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", pool.active());
        out.put("idle", pool.idle());
        out.put("waiting", pool.waiting());
        out.put("max", pool.max());
        return out;
    }

    private static Map<String, Object> caches(Caches caches) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (CacheStats stats : caches.stats()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("size", stats.size());
            one.put("hit_ratio", stats.hits() + stats.misses() == 0 ? null : JsonNumbers.round(stats.hitRatio(), 4));
            byName.put(stats.name(), one);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", caches.enabled());
        out.put("hit_ratio", JsonNumbers.round(caches.hitRatio(), 4));
        out.put("by_name", byName);
        return out;
    }

    private Map<String, Object> memory() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long limit = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        double ratio = limit > 0 ? (double) heap.getUsed() / limit : Double.NaN;
        if (ratio > 0.95) {
            penalise("memory", 40, "heap at " + Math.round(ratio * 100) + " % of its maximum");
        } else if (ratio > 0.85) {
            penalise("memory", 20, "heap at " + Math.round(ratio * 100) + " % of its maximum");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("heap_used_bytes", heap.getUsed());
        out.put("heap_max_bytes", heap.getMax() > 0 ? heap.getMax() : null);
        out.put("heap_used_ratio", JsonNumbers.round(ratio, 4));
        return out;
    }

    private Map<String, Object> disk(Path dataDir) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", dataDir.toString());
        try {
            FileStore store = Files.getFileStore(dataDir);
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            double ratio = total > 0 ? (double) free / total : Double.NaN;
            if (free < 100 * MIB || ratio < 0.02) {
                penalise("disk", 40, "only " + free / MIB + " MiB free in the data directory");
            } else if (free < 1024 * MIB || ratio < 0.10) {
                penalise("disk", 20, "only " + free / MIB + " MiB free in the data directory");
            }
            out.put("free_bytes", free);
            out.put("total_bytes", total);
            out.put("free_ratio", JsonNumbers.round(ratio, 4));
        } catch (IOException e) {
            penalise("disk", 20, "free space of the data directory unknown: " + e.getMessage());
            out.put("free_bytes", null);
            out.put("total_bytes", null);
            out.put("free_ratio", null);
        }
        return out;
    }

    private Map<String, Object> alerts() {
        List<String> active = new ArrayList<>();
        for (Alert alert : monitoring.alerts().active()) {
            active.add(alert.rule());
            boolean critical = alert.severity() == Severity.CRITICAL;
            penalise("alerts", critical ? 20 : 10, "alert " + alert.rule() + " is active: " + alert.message());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", active);
        return out;
    }

    private void penalise(String check, int penalty, String message) {
        score -= penalty;
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("check", check);
        reason.put("penalty", penalty);
        reason.put("message", message);
        reasons.add(reason);
    }
}
