package fichas.instance.monitoring;

import fichas.instance.http.Timestamps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /monitoring/system/info}: what runs here (Java, OS, CPUs, SQLite, process) and the
 * effective configuration with secrets masked (the same list printed once at start).
 */
final class SystemInfo {
    private SystemInfo() {
    }

    static Map<String, Object> of(Monitoring monitoring) {
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name"));
        java.put("vm_version", System.getProperty("java.vm.version"));
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", monitoring.config().server().instanceId());
        body.put("version", BuildVersion.current());
        body.put("pid", ProcessHandle.current().pid());
        body.put("started_at", Timestamps.format(monitoring.startedAt()));
        body.put("uptime_s", monitoring.uptimeSeconds());
        body.put("java", java);
        body.put("os", os);
        body.put("cpus", Runtime.getRuntime().availableProcessors());
        body.put("sqlite_version", monitoring.database().sqliteVersion());
        body.put("config", monitoring.config().describe());
        return body;
    }
}
