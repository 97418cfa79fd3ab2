package fichas.supervisor.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import fichas.core.config.ConfigException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a child that died is started again: exponential backoff from {@code initialBackoff} doubling to
 * {@code maxBackoff}, reset once the child stayed healthy for {@code resetAfter}; after {@code maxFailures}
 * failures within {@code window} the child is errored and stays down. A child alive but failing its health
 * checks for {@code hungAfter} is killed as hung (three times that when it is busy, see {@code Child}).
 */
public record RestartConfig(Duration initialBackoff, Duration maxBackoff, Duration resetAfter, int maxFailures,
                            Duration window, Duration hungAfter) {
    /** The largest {@code FICHAS_RESTART_MAX_FAILURES}. */
    public static final int MOST_FAILURES = 1000;

    public RestartConfig {
        Checks.positive("FICHAS_RESTART_BACKOFF", initialBackoff);
        if (Checks.positive("FICHAS_RESTART_BACKOFF_MAX", maxBackoff).compareTo(initialBackoff) < 0) {
            throw new ConfigException("FICHAS_RESTART_BACKOFF_MAX must be at least FICHAS_RESTART_BACKOFF ("
                    + Durations.format(initialBackoff) + "), but was " + Durations.format(maxBackoff));
        }
        Checks.positive("FICHAS_RESTART_RESET_AFTER", resetAfter);
        Checks.between("FICHAS_RESTART_MAX_FAILURES", maxFailures, 1, MOST_FAILURES);
        Checks.positive("FICHAS_RESTART_WINDOW", window);
        Checks.positive("FICHAS_HUNG_AFTER", hungAfter);
    }

    public static RestartConfig defaults() {
        return new RestartConfig(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60), 10,
                Duration.ofMinutes(5), Duration.ofSeconds(10));
    }

    public static RestartConfig from(Settings s) {
        RestartConfig d = defaults();
        return new RestartConfig(
                s.duration("FICHAS_RESTART_BACKOFF", d.initialBackoff),
                s.duration("FICHAS_RESTART_BACKOFF_MAX", d.maxBackoff),
                s.duration("FICHAS_RESTART_RESET_AFTER", d.resetAfter),
                s.integer("FICHAS_RESTART_MAX_FAILURES", d.maxFailures),
                s.duration("FICHAS_RESTART_WINDOW", d.window),
                s.duration("FICHAS_HUNG_AFTER", d.hungAfter));
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FICHAS_RESTART_BACKOFF", Durations.format(initialBackoff));
        m.put("FICHAS_RESTART_BACKOFF_MAX", Durations.format(maxBackoff));
        m.put("FICHAS_RESTART_RESET_AFTER", Durations.format(resetAfter));
        m.put("FICHAS_RESTART_MAX_FAILURES", maxFailures);
        m.put("FICHAS_RESTART_WINDOW", Durations.format(window));
        m.put("FICHAS_HUNG_AFTER", Durations.format(hungAfter));
        return m;
    }
}
