package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import fichas.core.config.Checks;
import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the database is opened: the shared SQLite file of the data directory (the default), or
 * the PostgreSQL server of {@code FICHAS_DB_URL} ({@link #postgres()} present). The SQLite keys
 * (readers, busy timeout, cache, mmap, journal, optimize) apply to SQLite only.
 *
 * @param dataDir          holds {@code fichas.db}, {@code media/} and the initial admin password file
 * @param readerPoolSize   read-only connections of this process
 * @param busyTimeout      how long one statement waits for another process's write lock
 * @param cacheSizeKib     SQLite page cache per connection
 * @param mmapSizeBytes    memory-mapped I/O window (0 = none, the default: see fichas-instance.properties)
 * @param journalSizeLimit bytes the WAL is truncated to after a checkpoint
 * @param optimizeInterval how often {@code PRAGMA optimize} runs
 * @param connectionTimeout how long a request waits for a pooled connection before it gets 503
 * @param maxBatch         most writes of this process grouped into one transaction
 * @param postgres         the PostgreSQL server to use instead of the SQLite file; empty: SQLite
 */
public record StoreConfig(Path dataDir, int readerPoolSize, Duration busyTimeout, int cacheSizeKib,
                          long mmapSizeBytes, long journalSizeLimit, Duration optimizeInterval,
                          Duration connectionTimeout, int maxBatch, Optional<PostgresConfig> postgres) {
    public StoreConfig {
        if (dataDir == null) {
            throw new ConfigException("FICHAS_DATA_DIR is required");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        requireWritableDirectory(dataDir);
        Checks.between("FICHAS_DB_READERS", readerPoolSize, 1, 64);
        Checks.atLeast("FICHAS_DB_BUSY_TIMEOUT_MS", busyTimeout.toMillis(), 100);
        Checks.atLeast("FICHAS_DB_CACHE_SIZE_KIB", cacheSizeKib, 256);
        Checks.atLeast("FICHAS_DB_MMAP_SIZE_BYTES", mmapSizeBytes, 0);
        Checks.atLeast("FICHAS_DB_JOURNAL_SIZE_LIMIT_BYTES", journalSizeLimit, 0);
        Checks.atLeast("FICHAS_DB_OPTIMIZE_INTERVAL_S", optimizeInterval.toSeconds(), 60);
        Checks.atLeast("FICHAS_DB_CONNECTION_TIMEOUT_MS", connectionTimeout.toMillis(), 250);
        Checks.between("FICHAS_DB_MAX_BATCH", maxBatch, 1, 10_000);
        postgres = postgres == null ? Optional.empty() : postgres;
    }

    /** A store on the SQLite file of {@code dataDir}. */
    public StoreConfig(Path dataDir, int readerPoolSize, Duration busyTimeout, int cacheSizeKib, long mmapSizeBytes,
                       long journalSizeLimit, Duration optimizeInterval, Duration connectionTimeout, int maxBatch) {
        this(dataDir, readerPoolSize, busyTimeout, cacheSizeKib, mmapSizeBytes, journalSizeLimit, optimizeInterval,
                connectionTimeout, maxBatch, Optional.empty());
    }

    /** This configuration on the PostgreSQL server {@code postgres} instead of the SQLite file. */
    public StoreConfig on(PostgresConfig postgres) {
        return new StoreConfig(dataDir, readerPoolSize, busyTimeout, cacheSizeKib, mmapSizeBytes, journalSizeLimit,
                optimizeInterval, connectionTimeout, maxBatch, Optional.of(postgres));
    }

    public boolean isPostgres() {
        return postgres.isPresent();
    }

    /** Where the data is, for logs: the SQLite file, or the PostgreSQL URL (which never holds the password). */
    public String describeLocation() {
        return postgres.map(PostgresConfig::url).orElseGet(() -> databaseFile().toString());
    }

    public Path databaseFile() {
        return dataDir.resolve("fichas.db");
    }

    public Path mediaDir() {
        return dataDir.resolve("media");
    }

    static StoreConfig from(Settings settings) {
        return new StoreConfig(Path.of(settings.string("fichas.data.dir")),
                settings.integer("fichas.db.readers"),
                Duration.ofMillis(settings.longValue("fichas.db.busy.timeout.ms")),
                settings.integer("fichas.db.cache.size.kib"),
                settings.longValue("fichas.db.mmap.size.bytes"),
                settings.longValue("fichas.db.journal.size.limit.bytes"),
                Duration.ofSeconds(settings.longValue("fichas.db.optimize.interval.s")),
                Duration.ofMillis(settings.longValue("fichas.db.connection.timeout.ms")),
                settings.integer("fichas.db.max.batch"),
                PostgresConfig.from(settings));
    }

    private static void requireWritableDirectory(Path dir) {
        try {
            OwnerOnly.directories(dir);
        } catch (IOException | SecurityException e) {
            throw new ConfigException("FICHAS_DATA_DIR must be a writable directory, but '" + dir
                    + "' cannot be created (" + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new ConfigException("FICHAS_DATA_DIR must be a writable directory, but '" + dir + "' is not");
        }
    }
}
