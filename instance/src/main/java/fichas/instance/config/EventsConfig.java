package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.time.Duration;

/**
 * Real-time events ({@code GET /events}, {@code GET /events/ws}; API.md "Real-time events").
 *
 * @param poll            how often the instance's one poller looks for new change_log rows (a
 *                        {@code PRAGMA data_version}, no table read when nothing was committed)
 * @param batch           after a poll that found events the next one waits at least this long, so that under
 *                        a stream of changes each subscriber gets one write per window, not one per poll (a
 *                        change after a quiet spell still leaves within {@code poll})
 * @param heartbeat       a {@code : ping} comment (a WebSocket ping) goes to every subscriber this often
 * @param maxBufferBytes  a subscriber with more than this many bytes not yet written is disconnected
 * @param maxBufferEvents the same, counted in events
 * @param retention       change_log rows (events) are kept at least this long …
 * @param retainEvents    … and at least the newest this many events, whichever keeps more
 * @param maxSubscribers  most open streams per instance; one more is 503 unavailable
 */
public record EventsConfig(Duration poll, Duration batch, Duration heartbeat, long maxBufferBytes, int maxBufferEvents,
                           Duration retention, int retainEvents, int maxSubscribers) {
    public EventsConfig {
        Checks.atLeast("FICHAS_EVENTS_POLL_MS", poll.toMillis(), 1);
        Checks.between("FICHAS_EVENTS_BATCH_MS", batch.toMillis(), 0, 1000);
        Checks.atLeast("FICHAS_EVENTS_HEARTBEAT_MS", heartbeat.toMillis(), 100);
        Checks.atLeast("FICHAS_EVENTS_MAX_BUFFER_BYTES", maxBufferBytes, 1024);
        Checks.between("FICHAS_EVENTS_MAX_BUFFER_EVENTS", maxBufferEvents, 10, 10_000_000);
        Checks.atLeast("FICHAS_EVENTS_RETENTION_HOURS", retention.toHours(), 1);
        Checks.between("FICHAS_EVENTS_RETAIN", retainEvents, 0, 100_000_000);
        Checks.between("FICHAS_EVENTS_MAX_SUBSCRIBERS", maxSubscribers, 1, 1_000_000);
    }

    static EventsConfig from(Settings settings) {
        return new EventsConfig(Duration.ofMillis(settings.longValue("fichas.events.poll.ms")),
                Duration.ofMillis(settings.longValue("fichas.events.batch.ms")),
                Duration.ofMillis(settings.longValue("fichas.events.heartbeat.ms")),
                settings.longValue("fichas.events.max.buffer.bytes"),
                settings.integer("fichas.events.max.buffer.events"),
                Duration.ofHours(settings.longValue("fichas.events.retention.hours")),
                settings.integer("fichas.events.retain"),
                settings.integer("fichas.events.max.subscribers"));
    }
}
