package fichas.instance.store;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only path by which this process writes. One thread owns the writer connection and groups
 * whatever writes are waiting into one {@code BEGIN IMMEDIATE} … {@code COMMIT}: under load, one
 * lock acquisition and one WAL sync serve many requests, which is what keeps three processes on one
 * file fast. One failing write (a unique violation, a stale version) rolls back alone and the rest of
 * the group still commits: a group first runs without savepoints and, if one of its writes fails, is
 * rolled back and run again with a SAVEPOINT around each write (see {@link #commitGroup}).
 *
 * <p>A transaction that cannot get the lock (another process held it past the busy timeout) is
 * retried whole with bounded backoff; callers never see "database is locked" unless every retry
 * failed, and then as {@link StoreUnavailableException}. Callers block in {@link #write} until
 * their group has committed: an acknowledged write is durable.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private static final long CONTENTION_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long HANDOFF_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(300);
    static final int SAVEPOINT_GROUPS_AFTER_FAILURE = 100;

    /** How a SQLite group starts: the write lock at once, so no statement of the group waits for it. */
    static final String SQLITE_BEGIN = "BEGIN IMMEDIATE";

    private final DataSource writerPool;
    private final String begin;
    private final int maxBatch;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final Retry busyRetry;
    private final AtomicLong busyRetries = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong optimisticFallbacks = new AtomicLong();
    /** Groups still to run with a savepoint per write after an optimistic group failed; writer thread only. */
    private int savepointGroupsLeft;
    private final Thread thread;
    private volatile boolean closing;

    GroupCommitWriter(DataSource writerPool, int maxBatch, Duration maxWait) {
        this(writerPool, maxBatch, maxWait, SQLITE_BEGIN);
    }

    /** {@code begin}: the SQL that opens a group's transaction ({@link #SQLITE_BEGIN}, or PostgreSQL's). */
    GroupCommitWriter(DataSource writerPool, int maxBatch, Duration maxWait, String begin) {
        this.writerPool = writerPool;
        this.begin = begin;
        this.maxBatch = maxBatch;
        this.busyRetry = retries.retry("sqlite-write", RetryConfig.custom()
                .maxAttempts(5)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(2), 2.0, 0.5,
                        Duration.ofMillis(100)))
                .retryOnException(SqliteErrors::isBusy)
                .failAfterMaxAttempts(false)
                .build());
        busyRetry.getEventPublisher().onRetry(event -> {
            busyRetries.incrementAndGet();
            log.warn("write transaction busy, retry {} in {} ms", event.getNumberOfRetryAttempts(),
                    event.getWaitInterval().toMillis());
        });
        this.thread = new Thread(this::loop, "db-writer");
        thread.setDaemon(true);
        thread.start();
        log.debug("writer started, max wait {}", maxWait);
    }

    /** Runs {@code work} in a write transaction and waits until it has committed. */
    <T> T write(SqlWork<T> work) {
        if (closing) {
            throw new StoreUnavailableException("the database writer is shutting down", null);
        }
        Task<T> task = new Task<>(work);
        queue.add(task);
        return task.await();
    }

    /** Runs {@code sql} on the writer connection outside any transaction (PRAGMA optimize, checkpoints). */
    void maintenance(String sql) {
        write(new MaintenanceWork(sql));
    }

    /** Publishes the busy retry's calls (Resilience4j's tagged retry metrics) to {@code metrics}. */
    void bindTo(MeterRegistry metrics) {
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(metrics);
    }

    long busyRetries() {
        return busyRetries.get();
    }

    long commits() {
        return commits.get();
    }

    long writes() {
        return writes.get();
    }

    int queued() {
        return queue.size();
    }

    /** Groups run again with savepoints because one of their writes failed without. */
    long optimisticFallbacks() {
        return optimisticFallbacks.get();
    }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>(maxBatch);
        while (!closing || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                runBatch(batch);
                yieldLockWhenContended();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("writer loop failed, failing {} writes", batch.size(), e);
                batch.forEach(task -> task.fail(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Without this, the process that just committed usually wins the next BEGIN IMMEDIATE too (its
     * next group is already queued while the others are parked in their busy handlers), and the other
     * processes starve for seconds. While other processes have been seen wanting the lock, leave it
     * free a little longer than their busy handler's longest park so one of them takes it.
     */
    private static void yieldLockWhenContended() {
        if (ShortSleepBusyHandler.contendedWithin(CONTENTION_WINDOW_NANOS)) {
            LockSupport.parkNanos(HANDOFF_PAUSE_NANOS);
        }
    }

    private void runBatch(List<Task<?>> batch) {
        if (batch.get(0).work instanceof MaintenanceWork maintenance) {
            runMaintenance(maintenance, batch.get(0));
            for (int i = 1; i < batch.size(); i++) {
                queue.add(batch.get(i));
            }
            return;
        }
        List<Task<?>> writes = new ArrayList<>(batch.size());
        for (Task<?> task : batch) {
            if (task.work instanceof MaintenanceWork) {
                queue.add(task);
            } else {
                writes.add(task);
            }
        }
        try (Connection connection = writerPool.getConnection()) {
            busyRetry.executeCallable(() -> {
                commitGroup(connection, writes);
                return null;
            });
            commits.incrementAndGet();
            this.writes.addAndGet(writes.size());
            writes.forEach(Task::complete);
        } catch (Exception e) {
            Exception failure = SqliteErrors.isBusy(e) || e instanceof SQLException
                    ? new StoreUnavailableException("database write failed: " + e.getMessage(), e)
                    : e;
            writes.forEach(task -> task.fail(failure));
        }
    }

    /**
     * One transaction for the whole group. Optimistically without a savepoint per write (two statements
     * fewer per write): when one write fails, the group is rolled back and run again with savepoints,
     * so that write fails alone, and the next {@link #SAVEPOINT_GROUPS_AFTER_FAILURE} groups keep the
     * savepoints (a workload with frequent conflicts does not pay for every group twice). A group of
     * one needs no savepoint at all: its transaction is its scope.
     */
    private void commitGroup(Connection connection, List<Task<?>> writes) throws SQLException {
        boolean optimistic = writes.size() == 1 || savepointGroupsLeft == 0;
        if (optimistic && commitGroup(connection, writes, false)) {
            return;
        }
        if (optimistic && writes.size() > 1) {
            optimisticFallbacks.incrementAndGet();
            savepointGroupsLeft = SAVEPOINT_GROUPS_AFTER_FAILURE;
        } else if (savepointGroupsLeft > 0) {
            savepointGroupsLeft--;
        }
        if (writes.size() > 1) {
            commitGroup(connection, writes, true);
        }
    }

    /**
     * Runs the group in one transaction. With savepoints a failing write is rolled back alone and the
     * group commits (returns true). Without, a failing write rolls back the whole group: returns false
     * for a group of several (the caller runs it again with savepoints); a group of one commits nothing
     * and records the failure for its caller.
     */
    private boolean commitGroup(Connection connection, List<Task<?>> writes, boolean savepoints)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(begin);
            try {
                for (Task<?> task : writes) {
                    if (savepoints) {
                        runInSavepoint(statement, connection, task);
                    } else if (!runBare(connection, task)) {
                        rollbackQuietly(statement);
                        if (writes.size() > 1) {
                            return false;
                        }
                        return true;
                    }
                }
                statement.execute("COMMIT");
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(statement);
                throw e;
            }
        }
    }

    /** Runs one write with no savepoint; false (failure recorded on the task) when its work failed. */
    private static boolean runBare(Connection connection, Task<?> task) throws SQLException {
        try {
            task.attempt(connection);
            return true;
        } catch (SQLException e) {
            if (SqliteErrors.isBusy(e)) {
                throw e;
            }
            task.failLater(e);
            return false;
        } catch (RuntimeException | Error e) {
            task.failLater(e);
            return false;
        }
    }

    private static void runInSavepoint(Statement statement, Connection connection, Task<?> task) throws SQLException {
        statement.execute("SAVEPOINT w");
        try {
            task.attempt(connection);
            statement.execute("RELEASE w");
        } catch (SQLException e) {
            if (SqliteErrors.isBusy(e)) {
                throw e;
            }
            task.failLater(e);
            statement.execute("ROLLBACK TO w");
            statement.execute("RELEASE w");
        } catch (RuntimeException | Error e) {
            if (SqliteErrors.isBusy(e)) {
                throw e; // a serialization failure or deadlock wrapped by the work: retry the group, never answer it
            }
            // An Error from one caller's work (an assertion, a StackOverflowError) fails that caller only:
            // the writer thread must survive it or every later write would wait forever.
            task.failLater(e);
            statement.execute("ROLLBACK TO w");
            statement.execute("RELEASE w");
        }
    }

    private void runMaintenance(MaintenanceWork work, Task<?> task) {
        try (Connection connection = writerPool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(work.sql);
            task.complete();
        } catch (SQLException | RuntimeException e) {
            task.fail(e);
        }
    }

    private static void rollbackQuietly(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            log.debug("rollback after a failed group: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record MaintenanceWork(String sql) implements SqlWork<Object> {
        @Override
        public Object run(Connection connection) {
            throw new IllegalStateException("maintenance runs outside a transaction");
        }
    }
}
