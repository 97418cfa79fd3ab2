package fichas.instance.http;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** API timestamps: ISO-8601 UTC with {@code Z}, whole seconds ({@code 2026-11-23T14:05:00Z}). */
public final class Timestamps {
    private Timestamps() {
    }

    public static String now(Clock clock) {
        return format(clock.instant());
    }

    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
