package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import fichas.core.config.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * How the process lives and dies.
 *
 * @param logDir          where {@code instance-<id>.log} goes
 * @param supervised      stdin is the supervisor's control channel: a {@code stop} line or EOF stops us
 * @param parentPid       when present, we stop when that process ends
 * @param shutdownTimeout how long in-flight requests get to finish on a graceful stop
 */
public record LifecycleConfig(Path logDir, boolean supervised, OptionalLong parentPid, Duration shutdownTimeout) {
    public LifecycleConfig {
        logDir = logDir.toAbsolutePath().normalize();
        Checks.atLeast("FICHAS_SHUTDOWN_TIMEOUT_MS", shutdownTimeout.toMillis(), 0);
    }

    static LifecycleConfig from(Settings settings) {
        OptionalLong parent = settings.optionalString("fichas.parent.pid")
                .map(raw -> {
                    try {
                        return OptionalLong.of(Long.parseLong(raw));
                    } catch (NumberFormatException e) {
                        throw new ConfigException("FICHAS_PARENT_PID must be a process id, but was '" + raw + "'");
                    }
                })
                .orElse(OptionalLong.empty());
        return new LifecycleConfig(Path.of(settings.string("fichas.log.dir")), settings.bool("fichas.supervised"),
                parent, Duration.ofMillis(settings.longValue("fichas.shutdown.timeout.ms")));
    }
}
