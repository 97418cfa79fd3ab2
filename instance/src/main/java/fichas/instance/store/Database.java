package fichas.instance.store;

import fichas.observability.files.OwnerOnly;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import fichas.instance.config.ResilienceConfig;
import fichas.instance.config.StoreConfig;
import fichas.instance.resilience.DatabaseGuard;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared SQLite file as this process sees it: one writer connection driven by a
 * {@link GroupCommitWriter}, and a small pool of read-only connections. Every method blocks and
 * must be called from a worker thread, never from an IO thread. Thread-safe.
 *
 * <p>Every read and write passes a {@link DatabaseGuard} (bulkheads and a circuit breaker); a call
 * it refuses is a {@link StoreUnavailableException} carrying the Retry-After to answer.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final StoreConfig config;
    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final GroupCommitWriter writer;
    private final ScheduledExecutorService maintenance;
    private final String sqliteVersion;
    private final DatabaseGuard guard;
    private final SlowQueryLog slowQueries;
    /** The PostgreSQL server's connections, or null on SQLite. */
    private final PostgresConnections postgres;
    /** LISTEN/NOTIFY on PostgreSQL, or null on SQLite (where PRAGMA data_version does that job). */
    private final PostgresChangeListener changes;

    private Database(StoreConfig config, DatabaseGuard guard, Duration slowQueryThreshold, MeterRegistry metrics) {
        this.config = config;
        this.guard = guard;
        this.slowQueries = new SlowQueryLog(slowQueryThreshold);
        if (config.isPostgres()) {
            PostgresConnections connections = new PostgresConnections(config.postgres().orElseThrow(), slowQueries);
            this.postgres = connections;
            this.writerPool = connections.pool("writer", 1, config.connectionTimeout(), metrics);
            try {
                this.sqliteVersion = "PostgreSQL " + Migrations.applyPostgres(connections::openRaw);
                this.readerPool = connections.pool("reader", config.postgres().orElseThrow().poolSize(),
                        config.connectionTimeout(), metrics);
                this.changes = new PostgresChangeListener(connections);
            } catch (RuntimeException e) {
                writerPool.close();
                throw e;
            }
        } else {
            this.postgres = null;
            this.changes = null;
            // The writer opens first: it is the connection allowed to switch a new file to WAL.
            this.writerPool = pool("writer", new SqliteConnections(config, false, slowQueries), 1, false, metrics);
            try {
                this.sqliteVersion = Migrations.apply(writerPool);
                this.readerPool = pool("reader", new SqliteConnections(config, true, slowQueries),
                        config.readerPoolSize(), true, metrics);
            } catch (RuntimeException e) {
                writerPool.close();
                throw e;
            }
        }
        this.writer = new GroupCommitWriter(writerPool, config.maxBatch(), config.busyTimeout(),
                config.isPostgres() ? PostgresConnections.BEGIN_WRITE : GroupCommitWriter.SQLITE_BEGIN);
        if (metrics != null) {
            guard.bindTo(metrics);
            writer.bindTo(metrics);
        }
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "db-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        if (!config.isPostgres()) {
            long every = config.optimizeInterval().toSeconds();
            maintenance.scheduleWithFixedDelay(this::optimize, every, every, TimeUnit.SECONDS);
        }
    }

    /** The schema version this build migrates every database to (the number of migrations). */
    public static int currentSchemaVersion() {
        return Migrations.SCRIPTS.size();
    }

    /** Opens (creating and migrating when needed) the database of {@code config}. */
    public static Database open(StoreConfig config) {
        ResilienceConfig defaults = new ResilienceConfig(50, 10, Duration.ofSeconds(5), config.readerPoolSize() * 2,
                128, Duration.ofSeconds(1), Duration.ofMillis(500));
        return open(config, new DatabaseGuard(defaults, SqliteErrors::isPersistentFailure, Clock.systemUTC()),
                defaults.slowQuery());
    }

    /** Opens the database with {@code guard} around every call and statements over {@code slowQuery} logged. */
    public static Database open(StoreConfig config, DatabaseGuard guard, Duration slowQuery) {
        return open(config, guard, slowQuery, null);
    }

    /**
     * As {@link #open(StoreConfig, DatabaseGuard, Duration)}, with the pools (HikariCP), the guard
     * (circuit breaker, bulkheads) and the writer's busy retry reporting to {@code metrics}
     * (null: no metrics). The pools are bound before they start, as HikariCP requires.
     */
    public static Database open(StoreConfig config, DatabaseGuard guard, Duration slowQuery, MeterRegistry metrics) {
        if (config.isPostgres()) {
            Database database = new Database(config, guard, slowQuery, metrics);
            log.info("database {} open: {}, {} pooled readers, one writer", config.describeLocation(),
                    database.sqliteVersion, config.postgres().orElseThrow().poolSize());
            return database;
        }
        ownerOnly(config.databaseFile());
        Database database = new Database(config, guard, slowQuery, metrics);
        log.info("database {} open: SQLite {}, journal_mode=wal, synchronous=NORMAL, {} readers",
                config.databaseFile(), database.sqliteVersion, config.readerPoolSize());
        return database;
    }

    /** Runs read-only {@code work} on a reader connection (autocommit: one snapshot per statement). */
    /**
     * The database holds password hashes and clients' personal data: the file is created owner-only
     * before SQLite opens it, and SQLite gives its -wal and -shm files the main file's permissions.
     */
    private static void ownerOnly(java.nio.file.Path file) {
        try {
            OwnerOnly.touch(file);
            OwnerOnly.restrict(file.resolveSibling(file.getFileName() + "-wal"));
            OwnerOnly.restrict(file.resolveSibling(file.getFileName() + "-shm"));
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot create " + file + " owner-only: " + e.getMessage(), e);
        }
    }

    public <T> T read(SqlWork<T> work) {
        try {
            return guard.read(() -> readUnguarded(work));
        } catch (DatabaseGuard.Rejected e) {
            throw new StoreUnavailableException(e.getMessage(), e, e.retryAfterSeconds());
        }
    }

    private <T> T readUnguarded(SqlWork<T> work) {
        try (Connection connection = readerPool.getConnection()) {
            return work.run(connection);
        } catch (SQLTransientConnectionException e) {
            throw new StoreUnavailableException("no database connection free within "
                    + config.connectionTimeout().toMillis() + " ms", e);
        } catch (SQLException e) {
            if (SqliteErrors.isBusy(e)) {
                throw new StoreUnavailableException("database busy: " + e.getMessage(), e);
            }
            if (SqliteErrors.isPersistentFailure(e)) {
                throw new StoreUnavailableException("database failed: " + e.getMessage(), e);
            }
            throw new StoreException(e);
        }
    }

    /** Runs {@code work} in a write transaction (grouped with other writes of this process) and waits for the commit. */
    public <T> T write(SqlWork<T> work) {
        return write(work, AfterWrite.NONE);
    }

    /** Same, with {@code after} run in the same savepoint right after {@code work} (it commits or rolls back with it). */
    public <T> T write(SqlWork<T> work, AfterWrite after) {
        try {
            return guard.write(() -> writeUnguarded(after.after(work)));
        } catch (DatabaseGuard.Rejected e) {
            throw new StoreUnavailableException(e.getMessage(), e, e.retryAfterSeconds());
        }
    }

    private <T> T writeUnguarded(SqlWork<T> work) {
        try {
            T result = writer.write(work);
            if (changes != null) {
                // Before the caller answers: this process's next read must see its own write at once,
                // not only when the server's notification comes back.
                changes.localCommit();
            }
            return result;
        } catch (StoreException e) {
            // A write's own statement hit an I/O error, a full disk…: the database is failing, not the request.
            if (SqliteErrors.isPersistentFailure(e)) {
                throw new StoreUnavailableException("database write failed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** True when a trivial query answers; used by {@code /health}. */
    public boolean isReadable() {
        // Through the circuit, not around it: while it is open this is refused (DOWN), and once the
        // open time is over it is one of the trial calls that close it again, which matters because a
        // balancer sends nothing else to an instance it sees DOWN. Not through the bulkhead: busy is not down.
        try {
            return guard.probe(() -> readUnguarded(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            }));
        } catch (RuntimeException e) {
            log.warn("database {} not readable: {}", config.describeLocation(), e.getMessage());
            return false;
        }
    }

    /**
     * A new read-only connection outside the pools, for a caller that needs one connection of its
     * own for its whole life (the cache coherence check); the caller closes it.
     */
    public Connection openDedicatedReader() throws SQLException {
        if (postgres != null) {
            Connection connection = postgres.open();
            connection.setReadOnly(true);
            return connection;
        }
        return new SqliteConnections(config, true, slowQueries).open();
    }

    /** True when the data is on a PostgreSQL server ({@code FICHAS_DB_URL}), false on the SQLite file. */
    public boolean isPostgres() {
        return postgres != null;
    }

    /**
     * On PostgreSQL, a number that moves whenever a change may have been committed by any process
     * since it was last read (a notification on {@code fichas_change}, a commit of this process, or a
     * reconnect of the listener, after which only the change log can tell): reading it costs no
     * round trip. Null on SQLite, where {@code PRAGMA data_version} on a connection does that job.
     */
    public java.util.function.LongSupplier changeSignal() {
        return changes == null ? null : changes::version;
    }

    public DatabaseGuard.Stats guardStats() {
        return guard.stats();
    }

    /** Statements slower than the slow-query threshold since the process started. */
    public long slowStatements() {
        return SlowQueryLog.slowStatements();
    }

    /** Connections of the writer pool (one connection, taken by the writer thread per group commit). */
    public PoolStats writerPoolStats() {
        return PoolStats.of(writerPool);
    }

    /** Connections of the read-only pool. */
    public PoolStats readerPoolStats() {
        return PoolStats.of(readerPool);
    }

    /** Bytes of the write-ahead log file now; 0 when it does not exist (and always on PostgreSQL). */
    public long walSizeBytes() {
        if (postgres != null) {
            return 0;
        }
        Path wal = config.databaseFile().resolveSibling(config.databaseFile().getFileName() + "-wal");
        try {
            return Files.size(wal);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            log.debug("database {} WAL size unreadable: {}", config.databaseFile(), e.toString());
            return -1;
        }
    }

    public Path dataDir() {
        return config.dataDir();
    }

    public String sqliteVersion() {
        return sqliteVersion;
    }

    public long busyRetries() {
        return writer.busyRetries();
    }

    public long commits() {
        return writer.commits();
    }

    /** Writes waiting for the writer thread now. */
    long queuedWrites() {
        return writer.queued();
    }

    /** Groups rolled back and run again with a savepoint per write because one of their writes failed. */
    public long optimisticFallbacks() {
        return writer.optimisticFallbacks();
    }

    /** Write groups committed, and the write statements (requests) they held, since the process started. */
    public long groupedWrites() {
        return writer.writes();
    }

    /**
     * What waiting for another process's write lock has cost this process: waits, busy-handler calls,
     * milliseconds waited and CPU milliseconds the waiting threads used meanwhile.
     */
    public LockWaits lockWaits() {
        ShortSleepBusyHandler.Stats stats = ShortSleepBusyHandler.stats();
        return new LockWaits(stats.waits(), stats.calls(), stats.waitNanos() / 1_000_000.0, stats.cpuNanos() / 1_000_000.0);
    }

    /** See {@link #lockWaits()}. */
    public record LockWaits(long waits, long handlerCalls, double waitedMillis, double cpuMillis) {
    }

    private void optimize() {
        if (postgres != null) {
            return; // autovacuum analyzes PostgreSQL's tables
        }
        try {
            writer.maintenance("PRAGMA optimize");
            log.info("database {} PRAGMA optimize done", config.databaseFile());
        } catch (RuntimeException e) {
            log.warn("database {} PRAGMA optimize failed: {}", config.databaseFile(), e.getMessage());
        }
    }

    /**
     * Gives back the memory SQLite keeps but does not need: {@code PRAGMA shrink_memory} on the writer connection and on
     * each reader (their page caches, up to {@code FICHAS_DB_CACHE_SIZE_KIB} each, fill under load and stay full), and
     * their maps of the database file: each connection maps it apart ({@code FICHAS_DB_MMAP_SIZE_BYTES}), and every page
     * a load touched stays in the process's resident memory (~30 MB of an instance's after the 1,000-user plan,
     * PERFORMANCE.md). Setting the connection's {@code mmap_size} to 0 unmaps it; setting it back maps it again lazily,
     * page by page as reads touch them. The pages stay in the kernel's page cache: nothing is read from disk again.
     * For an idle instance (the heap trim calls it): a reader busy elsewhere is waited for, up to the pool's timeout.
     * Nothing on PostgreSQL, whose caches are the server's. Never throws; a failure is logged.
     */
    public void releaseMemory() {
        if (postgres != null) {
            return;
        }
        try {
            List<String> release = releaseStatements();
            release.forEach(writer::maintenance);
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < config.readerPoolSize(); i++) {
                    Connection reader = readerPool.getConnection();
                    held.add(reader); // held, so that the next one is another connection
                    try (Statement statement = reader.createStatement()) {
                        for (String sql : release) {
                            statement.execute(sql);
                        }
                    }
                }
            } finally {
                for (Connection reader : held) {
                    reader.close();
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("database {} shrink_memory failed: {}", config.databaseFile(), e.getMessage());
        }
    }

    private List<String> releaseStatements() {
        long mmap = config.mmapSizeBytes();
        return mmap == 0 ? List.of("PRAGMA shrink_memory")
                : List.of("PRAGMA shrink_memory", "PRAGMA mmap_size=0", "PRAGMA mmap_size=" + mmap);
    }

    /** Stops writes (after the queued ones), runs {@code PRAGMA optimize}, checkpoints the WAL and closes the pools. */
    @Override
    public void close() {
        maintenance.shutdownNow();
        optimize();
        if (postgres == null) {
            try {
                writer.maintenance("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (RuntimeException e) {
                log.warn("database {} checkpoint at close failed: {}", config.databaseFile(), e.getMessage());
            }
        }
        writer.close();
        if (changes != null) {
            changes.close();
        }
        readerPool.close();
        writerPool.close();
        log.info("database {} closed", config.describeLocation());
    }

    private HikariDataSource pool(String name, SqliteConnections connections, int size, boolean readOnly,
                                  MeterRegistry metrics) {
        HikariConfig hikari = new HikariConfig();
        if (metrics != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        }
        hikari.setPoolName("sqlite-" + name);
        hikari.setDataSource(new OpenOnlyDataSource(connections::open));
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(size);
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setAutoCommit(true);
        hikari.setReadOnly(readOnly);
        // Local file connections do not go stale; retiring them would only churn the page cache.
        hikari.setMaxLifetime(0);
        hikari.setIdleTimeout(0);
        hikari.setKeepaliveTime(0);
        return new HikariDataSource(hikari);
    }

    /** One pool's connections at one moment (HikariCP's own counts; they need not add up exactly). */
    public record PoolStats(int active, int idle, int waiting, int total, int max) {
        static PoolStats of(HikariDataSource pool) {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            if (bean == null) {
                return new PoolStats(0, 0, 0, 0, pool.getMaximumPoolSize());
            }
            return new PoolStats(bean.getActiveConnections(), bean.getIdleConnections(),
                    bean.getThreadsAwaitingConnection(), bean.getTotalConnections(), pool.getMaximumPoolSize());
        }
    }
}
