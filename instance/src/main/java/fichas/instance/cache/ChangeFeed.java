package fichas.instance.cache;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Deque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code change_log} so that this process's caches see every change committed by any
 * process before a read starts. {@link #catchUp} takes a <em>probe</em> — a read-only connection
 * no other check is using — from a pool and runs {@code PRAGMA data_version} on it: the value moves
 * only when another connection (another process, or this process's writer) has committed since
 * that probe's last check, so the usual check costs one pragma, no table read and no lock. Only
 * when it moved does the check take the feed's lock, read the log rows after the last applied one
 * and hand them to {@code onChange}, in order.
 *
 * <p>Why this is enough: a probe that sees no movement knows nothing was committed since its
 * previous check (whichever thread made it), and that check applied (or waited for) everything
 * committed before it. Applying is serialised on one lock, so a read that saw movement waits for
 * changes another thread is applying. Probes rather than one shared connection because a shared
 * one needs the lock on every check, and under load that lock convoy cost more than the pragma.
 * Pooled (last in, first out) rather than one per worker thread because an instance has 64 worker
 * threads but only a few checks at once: per thread, the writer held 70 SQLite connections after
 * the 1,000-user plan, each with its own schema, lookaside and page cache (PERFORMANCE.md).
 * {@link #closeConnections} (the idle trim) closes them all; the next checks open what they need.
 *
 * <p>A failed check closes that probe's connection (its next check reopens it and replays the
 * log from the last applied row) and is rethrown, so the caller can fall back to the database. If
 * rows this process never saw were swept meanwhile, {@code onGap} (clear everything) runs.
 *
 * <p>On PostgreSQL a {@code signal} replaces the per-probe pragma: a number kept in memory that
 * moves on every {@code LISTEN/NOTIFY} notification, on every commit of this process and on a
 * reconnect of the listener (see {@code Database#changeSignal}). A check then costs no round trip;
 * when it moved, the log is read on one connection of the feed's own, under the lock, as above.
 * Blocking; thread-safe.
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
    /** Every probe made so far: as many as checks ever ran at once. */
    private final Queue<Probe> probes = new ConcurrentLinkedQueue<>();
    /** The probes no check is using, the most recently used first (so the others can stay closed). */
    private final Deque<Probe> idleProbes = new ConcurrentLinkedDeque<>();
    private final LongAdder checks = new LongAdder();
    private final LongAdder checkNanos = new LongAdder();
    private final LongAdder changesApplied = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile long lastSeq = -1;
    /** PostgreSQL: the change signal, and the value of it the log was last read at (guarded by lock). */
    private final LongSupplier signal;
    private volatile long appliedSignal = Long.MIN_VALUE;
    private Connection signalledConnection;

    public ChangeFeed(Opener opener, Consumer<Change> onChange, Runnable onGap) {
        this(opener, null, onChange, onGap);
    }

    /** {@code signal}: null to check {@code PRAGMA data_version} on pooled probes (SQLite), else see the class comment. */
    public ChangeFeed(Opener opener, LongSupplier signal, Consumer<Change> onChange, Runnable onGap) {
        this.opener = opener;
        this.signal = signal;
        this.onChange = onChange;
        this.onGap = onGap;
    }

    /** Applies every change committed before this call; throws when the database cannot tell. */
    public void catchUp() throws SQLException {
        if (signal != null) {
            catchUpSignalled();
            return;
        }
        long start = System.nanoTime();
        Probe mine = takeProbe();
        try {
            // Uncontended but for closeConnections, which must not close a probe mid-check.
            synchronized (mine) {
                if (mine.connection == null) {
                    mine.open(opener);
                }
                long version = mine.dataVersion();
                if (version != mine.dataVersion) {
                    applyLocked(mine.connection);
                    mine.dataVersion = version;
                }
            }
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            synchronized (mine) {
                mine.close();
            }
            throw e;
        } finally {
            idleProbes.offerFirst(mine);
            checks.increment();
            checkNanos.add(System.nanoTime() - start);
        }
    }

    private Probe takeProbe() {
        Probe idle = idleProbes.pollFirst();
        if (idle != null) {
            return idle;
        }
        Probe created = new Probe();
        probes.add(created);
        return created;
    }

    private void catchUpSignalled() throws SQLException {
        long start = System.nanoTime();
        try {
            long now = signal.getAsLong();
            if (now == appliedSignal) {
                return;
            }
            lock.lock();
            try {
                now = signal.getAsLong(); // read before the log: a commit after it moves it again
                if (now == appliedSignal) {
                    return;
                }
                if (signalledConnection == null) {
                    signalledConnection = opener.open();
                }
                apply(signalledConnection);
                appliedSignal = now;
            } catch (SQLException | RuntimeException e) {
                failures.increment();
                closeSignalled();
                throw e;
            } finally {
                lock.unlock();
            }
        } finally {
            checks.increment();
            checkNanos.add(System.nanoTime() - start);
        }
    }

    private void closeSignalled() {
        if (signalledConnection != null) {
            try {
                signalledConnection.close();
            } catch (SQLException e) {
                log.debug("closing the change feed connection: {}", e.getMessage());
            }
            signalledConnection = null;
        }
    }

    private void applyLocked(Connection c) throws SQLException {
        lock.lock();
        try {
            apply(c);
        } finally {
            lock.unlock();
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

    public Stats stats() {
        long n = checks.sum();
        int open = 0;
        for (Probe each : probes) {
            open += each.connection != null ? 1 : 0; // racy read: a gauge
        }
        return new Stats(n, n == 0 ? 0 : checkNanos.sum() / 1000.0 / n, changesApplied.sum(), failures.sum(), lastSeq,
                open);
    }

    /** Same as {@link #closeConnections}: the feed stays usable. */
    @Override
    public void close() {
        closeConnections();
    }

    /**
     * Closes every probe's connection (a check under way is waited for); a later check opens one again and
     * reads the log rows committed meanwhile. For an idle instance, whose connections' memory is better given back.
     */
    public void closeConnections() {
        lock.lock();
        try {
            closeSignalled();
        } finally {
            lock.unlock();
        }
        for (Probe each : probes) {
            synchronized (each) {
                each.close();
            }
        }
    }

    /** One read-only connection and the data_version it saw last; guarded by its own monitor. */
    private static final class Probe {
        private volatile Connection connection; // volatile for stats(); written under the monitor
        // Prepared once: compiling the pragma on every check cost about as much as running it.
        private PreparedStatement versionQuery;
        private long dataVersion = Long.MIN_VALUE;

        void open(Opener opener) throws SQLException {
            connection = opener.open();
            versionQuery = connection.prepareStatement("PRAGMA data_version");
            dataVersion = Long.MIN_VALUE;
        }

        long dataVersion() throws SQLException {
            try (ResultSet rs = versionQuery.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    log.debug("closing a change feed connection: {}", e.getMessage());
                }
                connection = null;
                versionQuery = null;
            }
        }
    }

    /**
     * Counters for monitoring.
     *
     * @param avgCheckMicros mean cost of one {@link #catchUp}, including the wait for the lock and applying changes
     * @param openConnections the probes' open connections (SQLite; 0 on PostgreSQL, whose feed reads on one of its own)
     */
    public record Stats(long checks, double avgCheckMicros, long changesApplied, long failures, long lastSeq,
            int openConnections) {
    }
}
