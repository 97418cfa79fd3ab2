package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import fichas.core.config.Checks;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The HTTP side of an instance.
 *
 * @param port          TCP port, 1–65535, or 0 for any free port (tests); {@link #withBoundPort} then
 *                      gives the configuration with the port really bound
 * @param bindAddress   interface to listen on; 127.0.0.1 by default so LAN clients use the balancer
 * @param instanceId    shown in {@code X-Instance}, logs and {@code /health}
 * @param ioThreads     Undertow IO threads (non-blocking; never touch the database)
 * @param workerThreads Undertow worker threads (where JDBC runs)
 * @param maxJsonBytes  largest accepted JSON body
 * @param timeZone      the zone that defines "today"
 * @param accessLog     whether each request is logged
 */
public record ServerConfig(int port, String bindAddress, String instanceId, int ioThreads, int workerThreads,
                           int maxJsonBytes, ZoneId timeZone, boolean accessLog) {
    public ServerConfig {
        Checks.between("FICHAS_PORT", port, 0, 65535);
        Objects.requireNonNull(bindAddress, "FICHAS_BIND_ADDRESS");
        if (bindAddress.isBlank()) {
            throw new ConfigException("FICHAS_BIND_ADDRESS must not be blank");
        }
        if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,32}")) {
            throw new ConfigException("FICHAS_INSTANCE_ID must be 1–32 characters of [A-Za-z0-9._-], but was '"
                    + instanceId + "'");
        }
        Checks.between("FICHAS_IO_THREADS", ioThreads, 1, 64);
        Checks.between("FICHAS_WORKER_THREADS", workerThreads, 1, 1024);
        Checks.between("FICHAS_MAX_JSON_BYTES", maxJsonBytes, 1024, 64 * 1024 * 1024);
        Objects.requireNonNull(timeZone, "FICHAS_TIME_ZONE");
    }

    /**
     * This configuration once the listener is bound to {@code boundPort}: for port 0 the real port,
     * and an instance id that defaulted to the port follows it (so {@code X-Instance}, {@code /health}
     * and the logs name the port, as they do for a configured one).
     */
    public ServerConfig withBoundPort(int boundPort) {
        if (port != 0) {
            return this;
        }
        String id = instanceId.equals("0") ? Integer.toString(boundPort) : instanceId;
        return new ServerConfig(boundPort, bindAddress, id, ioThreads, workerThreads, maxJsonBytes, timeZone,
                accessLog);
    }

    static ServerConfig from(Settings settings) {
        int port = settings.integer("fichas.port");
        String zone = settings.string("fichas.time.zone");
        ZoneId timeZone;
        try {
            timeZone = ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new ConfigException("FICHAS_TIME_ZONE must be a time zone id such as America/Sao_Paulo, but was '"
                    + zone + "'");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int io = settings.integer("fichas.io.threads");
        int workers = settings.integer("fichas.worker.threads");
        return new ServerConfig(port,
                settings.string("fichas.bind.address"),
                settings.optionalString("fichas.instance.id").orElse(Integer.toString(port)),
                io > 0 ? io : Math.max(2, cores),
                workers > 0 ? workers : Math.max(64, cores * 16),
                settings.integer("fichas.max.json.bytes"),
                timeZone,
                settings.bool("fichas.access.log"));
    }
}
