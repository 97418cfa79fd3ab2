package fichas.instance.cache;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code change_log} so that this process's caches see every change committed by any
 * process before a read starts. {@link #catchUp} runs {@code PRAGMA data_version} on a connection
 * of its own: the value moves only when another connection (another process, or this process's
 * writer) has committed since the last call, so the usual check costs one pragma and no table
 * read. Only when it moved are the new log rows read and handed to {@code onChange}, in order.
 *
 * <p>Checks are serialised on one lock, so a read that starts after another thread began applying
 * changes waits until they are all applied. A failed check closes the connection (the next check
 * reopens it and replays the log from the last applied row) and is rethrown, so the caller can
 * fall back to the database. If rows this process never saw were swept meanwhile, {@code onGap}
 * (clear everything) runs instead. Blocking; thread-safe.
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    /** Opens the feed's own read-only connection. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final Consumer<Change> onChange;
    private final Runnable onGap;
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder checks = new LongAdder();
    private final LongAdder checkNanos = new LongAdder();
    private final LongAdder changesApplied = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private Connection connection;
    private long dataVersion = Long.MIN_VALUE;
    private long lastSeq = -1;

    public ChangeFeed(Opener opener, Consumer<Change> onChange, Runnable onGap) {
        this.opener = opener;
        this.onChange = onChange;
        this.onGap = onGap;
    }

    /** Applies every change committed before this call; throws when the database cannot tell. */
    public void catchUp() throws SQLException {
        long start = System.nanoTime();
        lock.lock();
        try {
            if (connection == null) {
                connection = opener.open();
                dataVersion = Long.MIN_VALUE;
            }
            long version = dataVersion(connection);
            if (version != dataVersion) {
                apply(connection);
                dataVersion = version;
            }
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            closeConnection();
            throw e;
        } finally {
            lock.unlock();
            checks.increment();
            checkNanos.add(System.nanoTime() - start);
        }
    }

    private void apply(Connection c) throws SQLException {
        if (lastSeq < 0) {
            lastSeq = ChangeLog.lastSeq(c);
            onGap.run();
            return;
        }
        List<Change> changes = ChangeLog.since(c, lastSeq);
        if (!changes.isEmpty() && changes.get(0).seq() > lastSeq + 1) {
            log.info("change log rows {}..{} were swept before this instance read them: clearing its caches",
                    lastSeq + 1, changes.get(0).seq() - 1);
            onGap.run();
        }
        for (Change change : changes) {
            onChange.accept(change);
            lastSeq = change.seq();
        }
        changesApplied.add(changes.size());
    }

    private static long dataVersion(Connection c) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery("PRAGMA data_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public Stats stats() {
        long n = checks.sum();
        return new Stats(n, n == 0 ? 0 : checkNanos.sum() / 1000.0 / n, changesApplied.sum(), failures.sum(), lastSeq);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the change feed connection: {}", e.getMessage());
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeConnection();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counters for monitoring.
     *
     * @param avgCheckMicros mean cost of one {@link #catchUp}, including the wait for the lock and applying changes
     */
    public record Stats(long checks, double avgCheckMicros, long changesApplied, long failures, long lastSeq) {
    }
}
