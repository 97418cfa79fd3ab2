package fichas.supervisor.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stop ladder's patience: {@code graceful} after the in-band "stop" line, then {@code terminate} after
 * {@code destroy()} before {@code destroyForcibly()}.
 */
public record StopConfig(Duration graceful, Duration terminate) {
    public StopConfig {
        Checks.positive("FICHAS_STOP_TIMEOUT", graceful);
        Checks.positive("FICHAS_STOP_KILL_AFTER", terminate);
    }

    public static StopConfig from(Settings s) {
        return new StopConfig(s.duration("FICHAS_STOP_TIMEOUT", Duration.ofSeconds(15)),
                s.duration("FICHAS_STOP_KILL_AFTER", Duration.ofSeconds(5)));
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FICHAS_STOP_TIMEOUT", Durations.format(graceful));
        m.put("FICHAS_STOP_KILL_AFTER", Durations.format(terminate));
        return m;
    }
}
