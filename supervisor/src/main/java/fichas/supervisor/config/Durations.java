package fichas.supervisor.config;

import java.time.Duration;
import java.util.Locale;

/** Human formatting of durations for logs and the status table: "500 ms", "1.0 s", "5m 03s", "2h 10m". */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return uptime(d);
    }

    /** Compact, pm2-like: "42s", "5m", "3h", "2d". */
    public static String uptime(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86_400) {
            return (s / 3600) + "h";
        }
        return (s / 86_400) + "d";
    }
}
