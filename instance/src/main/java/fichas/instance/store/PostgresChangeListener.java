package fichas.instance.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LISTEN fichas_change} on a connection of its own: every transaction that appends to the
 * change log (any process, any host) notifies that channel when it commits (trigger
 * {@code change_log_notify}), and each notification moves {@link #version()}. The change log stays
 * the source of truth: a notification says only "read the log", and after a lost connection the
 * version moves too, so the followers read everything committed meanwhile from the table.
 *
 * <p>One daemon thread; {@link #version()} and {@link #localCommit()} are lock-free.
 */
final class PostgresChangeListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresChangeListener.class);
    static final String CHANNEL = "fichas_change";
    private static final int WAIT_MILLIS = 500;
    /** How often an idle listener checks that its connection still answers (a dead TCP peer sends nothing). */
    private static final long PING_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PostgresConnections connections;
    private final AtomicLong version = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    PostgresChangeListener(PostgresConnections connections) {
        this.connections = connections;
        this.thread = new Thread(this::loop, "db-listen");
        thread.setDaemon(true);
        thread.start();
    }

    /** Moves whenever a change may have been committed since it was last read. */
    long version() {
        return version.get();
    }

    /** This process committed a write: its own next read must look at the log without waiting for the echo. */
    void localCommit() {
        version.incrementAndGet();
    }

    long notifications() {
        return notifications.get();
    }

    private void loop() {
        while (running) {
            try (Connection c = connections.openRaw(); Statement statement = c.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                // Listening from here on; anything committed before is read from the log.
                version.incrementAndGet();
                log.info("listening on {} for changes of other processes", CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastPing = System.nanoTime();
                while (running) {
                    PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        notifications.addAndGet(received.length);
                        version.incrementAndGet();
                    }
                    if (System.nanoTime() - lastPing > PING_NANOS) {
                        statement.execute("SELECT 1");
                        lastPing = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    version.incrementAndGet();
                    log.warn("change listener lost its connection ({}); reconnecting in 1 s", e.getMessage());
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
