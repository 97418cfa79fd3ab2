package fichas.supervisor.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where things live. {@code FICHAS_HOME} (default: the working directory; start.sh sets it to the repository
 * root) anchors the relative defaults {@code data/} and {@code logs/}.
 */
public record PathsConfig(Path home, Path dataDir, Path logDir) {
    public PathsConfig {
        home = Checks.present("FICHAS_HOME", home).toAbsolutePath().normalize();
        dataDir = home.resolve(Checks.present("FICHAS_DATA_DIR", dataDir)).normalize();
        logDir = home.resolve(Checks.present("FICHAS_LOG_DIR", logDir)).normalize();
    }

    public static PathsConfig from(Settings s) {
        Path home = Path.of(s.string("FICHAS_HOME", "."));
        return new PathsConfig(home, Path.of(s.string("FICHAS_DATA_DIR", "data")), Path.of(s.string("FICHAS_LOG_DIR", "logs")));
    }

    /** The instances' shared database (docs/CONTRACTS.md); the balancer reads its sessions. */
    public Path database() {
        return dataDir.resolve("fichas.db");
    }

    public Path tokenFile() {
        return dataDir.resolve("supervisor.token");
    }

    public Path supervisorPidFile() {
        return dataDir.resolve("supervisor.pid");
    }

    public Path instancesPidFile() {
        return dataDir.resolve("instances.pid");
    }

    public Path instanceOutput(String id) {
        return logDir.resolve("instance-" + id + ".out");
    }

    /** The balancer child's stdout and stderr (its JSON log lines). */
    public Path balancerOutput() {
        return logDir.resolve("balancer.out");
    }

    public Path supervisorLog() {
        return logDir.resolve("supervisor.log");
    }

    public Path supervisorOutput() {
        return logDir.resolve("supervisor.out");
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FICHAS_HOME", home);
        m.put("FICHAS_DATA_DIR", dataDir);
        m.put("FICHAS_LOG_DIR", logDir);
        return m;
    }
}
