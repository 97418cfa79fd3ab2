package fichas.instance.events;

import fichas.instance.config.EventsConfig;
import fichas.core.http.ApiException;
import fichas.instance.monitoring.EventsGauge;
import fichas.instance.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's one event source: a poller thread follows {@code change_log} (the same rows,
 * whichever instance wrote them) and hands each new event to every subscriber of this instance,
 * without blocking (see {@link Subscriber}). A subscriber joins through {@link #subscribe}, which
 * first replays what it missed from the table, then attaches it to the live stream at the exact
 * row the poller has reached, so nothing is skipped or sent twice.
 */
public final class EventHub implements AutoCloseable, EventsGauge {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    private static final int PAGE = 500;
    private static final long REPLAY_STALL_MILLIS = 30_000;

    private final EventsConfig config;
    private final Database database;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Object fanOut = new Object();
    private final Thread poller;
    private final ScheduledExecutorService heartbeats;
    private final Counter published;
    private final Counter slowDisconnects;
    private final DistributionSummary lagMillis;
    private volatile long delivered = -1;
    private volatile boolean running = true;

    private EventHub(EventsConfig config, Database database, MeterRegistry registry) {
        this.config = config;
        this.database = database;
        this.published = Counter.builder("fichas.events.published").description(
                "events this instance read from the change log and handed to its subscribers").register(registry);
        this.slowDisconnects = Counter.builder("fichas.events.slow.disconnects").description(
                "subscribers disconnected because they did not read (buffer over the limit)").register(registry);
        this.lagMillis = DistributionSummary.builder("fichas.events.delivery.lag").baseUnit("milliseconds")
                .description("from the change's commit (database clock) to its hand-over to this instance's subscribers")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        for (Subscriber.Transport transport : Subscriber.Transport.values()) {
            Gauge.builder("fichas.events.subscribers", subscribers,
                            all -> all.stream().filter(s -> s.transport() == transport).count())
                    .tag("transport", transport.name().toLowerCase(java.util.Locale.ROOT))
                    .description("open event streams on this instance").register(registry);
        }
        this.poller = new Thread(this::pollLoop, "events-poller");
        this.poller.setDaemon(true);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "events-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the poller at the log's current end and the heartbeat. */
    public static EventHub start(EventsConfig config, Database database, MeterRegistry registry) {
        EventHub hub = new EventHub(config, database, registry);
        // its own connection, as the poller's: not a request's read (nor counted by the circuit breaker)
        try (Connection connection = database.openDedicatedReader()) {
            hub.delivered = EventLog.head(connection);
        } catch (SQLException e) {
            throw new fichas.instance.store.StoreUnavailableException("cannot read the change log: " + e.getMessage(), e);
        }
        hub.poller.start();
        long every = config.heartbeat().toMillis();
        hub.heartbeats.scheduleWithFixedDelay(() -> hub.subscribers.forEach(Subscriber::heartbeat), every, every,
                TimeUnit.MILLISECONDS);
        return hub;
    }

    public EventsConfig config() {
        return config;
    }

    /**
     * Replays to {@code subscriber} the events after {@code lastEventId} (or, when that is older
     * than what is kept or newer than the log, a {@code reset}), then attaches it to the live
     * stream. Without a last id it starts with the next change. Blocks while replaying (a worker
     * thread), waiting for the client to read when the replay is long.
     */
    void subscribe(Subscriber subscriber, OptionalLong lastEventId) {
        subscribe(subscriber, lastEventId, delivered);
    }

    /**
     * The same; without a last id the stream starts after {@code startAfter}, the
     * {@link #deliveredSeq} read when the request arrived, so a change made once the client has its
     * response headers is never missed, even when the subscription completes later.
     */
    void subscribe(Subscriber subscriber, OptionalLong lastEventId, long startAfter) {
        checkAccepting();
        long cursor = Math.min(startAfter, delivered);
        if (lastEventId.isPresent()) {
            long last = lastEventId.getAsLong();
            long[] bounds = database.read(c -> new long[] {EventLog.oldest(c), EventLog.head(c)});
            boolean swept = bounds[0] > 0 && last < bounds[0] - 1;
            boolean unknown = last > bounds[1];
            if (swept || unknown) {
                subscriber.offer(Event.reset(cursor, bounds[0]));
            } else {
                cursor = last;
            }
        }
        subscriber.startAfter(cursor);
        while (true) {
            long target = delivered;
            while (cursor < target) {
                long after = cursor;
                List<Event> page = database.read(c -> EventLog.between(c, after, target, PAGE));
                for (Event event : page) {
                    if (!subscriber.offer(event)) {
                        return;
                    }
                }
                cursor = page.size() < PAGE ? target : page.get(page.size() - 1).seq();
                if (!subscriber.awaitRoom(REPLAY_STALL_MILLIS)) {
                    subscriber.close();
                    return;
                }
            }
            synchronized (fanOut) {
                if (delivered <= cursor) {
                    subscriber.onClose(() -> subscribers.remove(subscriber));
                    subscribers.add(subscriber);
                    if (subscriber.isClosed()) {
                        subscribers.remove(subscriber);
                    }
                    return;
                }
            }
        }
    }

    /** 503 when stopping or at the most streams this instance takes. */
    void checkAccepting() {
        if (!running) {
            throw ApiException.unavailable("this instance is stopping", 1);
        }
        if (subscribers.size() >= config.maxSubscribers()) {
            throw ApiException.unavailable("too many open event streams on this instance", 5);
        }
    }

    /** Open streams on this instance. */
    @Override
    public int subscriberCount() {
        return subscribers.size();
    }

    /** The newest change_log row handed to the subscribers. */
    public long deliveredSeq() {
        return delivered;
    }

    @Override
    public long publishedEvents() {
        return (long) published.count();
    }

    public long slowDisconnects() {
        return (long) slowDisconnects.count();
    }

    @Override
    public double lagP99Millis() {
        double p99 = lagMillis()[2];
        return lagMillis.count() == 0 ? Double.NaN : p99;
    }

    /** Delivery lag in ms: {p50, p95, p99, max} over the meter's window. */
    public double[] lagMillis() {
        var snapshot = lagMillis.takeSnapshot();
        double[] out = new double[] {0, 0, 0, snapshot.max()};
        for (var value : snapshot.percentileValues()) {
            if (value.percentile() == 0.5) {
                out[0] = value.value();
            } else if (value.percentile() == 0.95) {
                out[1] = value.value();
            } else if (value.percentile() == 0.99) {
                out[2] = value.value();
            }
        }
        return out;
    }

    private void pollLoop() {
        Connection connection = null;
        PreparedStatement version = null;
        long seenVersion = Long.MIN_VALUE;
        long pause = TimeUnit.MILLISECONDS.toNanos(config.poll().toMillis());
        long batchPause = Math.max(pause, TimeUnit.MILLISECONDS.toNanos(config.batch().toMillis()));
        // PostgreSQL: LISTEN/NOTIFY moves the signal when any host commits a change (no query to ask)
        java.util.function.LongSupplier signal = database.changeSignal();
        while (running) {
            try {
                if (connection == null) {
                    connection = database.openDedicatedReader();
                    version = signal == null ? connection.prepareStatement("PRAGMA data_version") : null;
                    seenVersion = Long.MIN_VALUE;
                }
                long now;
                if (signal != null) {
                    now = signal.getAsLong();
                } else {
                    try (ResultSet rs = version.executeQuery()) {
                        rs.next();
                        now = rs.getLong(1);
                    }
                }
                int found = 0;
                if (now != seenVersion) {
                    seenVersion = now;
                    int page;
                    do {
                        page = publishFrom(connection);
                        found += page;
                    } while (running && page == PAGE); // a full page was read: read on at once
                }
                // Changes keep coming: let the next ones gather for a batch window, so each subscriber gets one
                // write for all of them (the cost of fan-out is per write, hardly per event).
                LockSupport.parkNanos(found > 0 ? batchPause : pause);
            } catch (SQLException | RuntimeException e) {
                log.warn("events poller: {}; retrying in 1 s", e.toString());
                close(connection);
                connection = null;
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
        close(connection);
    }

    /** Publishes the rows after {@link #delivered}; the number read (a full {@link #PAGE}: there may be more). */
    private int publishFrom(Connection connection) throws SQLException {
        long from = delivered;
        long head = EventLog.head(connection);
        if (head <= from) {
            return 0;
        }
        List<Event> events = EventLog.between(connection, from, head, PAGE);
        long upTo = events.size() == PAGE ? events.get(PAGE - 1).seq() : head;
        long now = System.currentTimeMillis();
        synchronized (fanOut) {
            // Subscriber by subscriber, the whole batch at once: each gets one write for what this poll found.
            // (Event by event, a subscriber's IO thread would write the first event while the rest were still
            // being handed out, and every event would cost every subscriber a write of its own.)
            for (Subscriber subscriber : subscribers) {
                if (!subscriber.offerAll(events) && subscriber.wasSlow()) {
                    slowDisconnects.increment();
                    log.info("event subscriber disconnected: it did not read ({} bytes waiting)",
                            subscriber.pendingBytes());
                }
            }
            for (Event event : events) {
                lagMillis.record(Math.max(0, now - event.committedAtMillis()));
            }
            delivered = upTo;
        }
        published.increment(events.size());
        return events.size();
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the events poller's connection: {}", e.getMessage());
            }
        }
    }

    /** Stops the poller and the heartbeat and ends every stream (clients reconnect elsewhere). */
    @Override
    public void close() {
        running = false;
        heartbeats.shutdownNow();
        for (Subscriber subscriber : subscribers) {
            subscriber.close();
        }
        poller.interrupt();
        try {
            poller.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
