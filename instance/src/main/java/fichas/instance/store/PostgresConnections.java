package fichas.instance.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import fichas.instance.config.PostgresConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections to the PostgreSQL server of {@code FICHAS_DB_URL}, and the HikariCP pools over them.
 * Unlike SQLite's local file, a server connection crosses a network: the pools replace connections
 * after {@link PostgresConfig#maxLifetime()}, keep idle ones alive, and a statement that waits for a
 * lock gives up after {@code lock_timeout} (then the writer retries its group). Thread-safe.
 */
final class PostgresConnections {
    /**
     * The advisory lock every process's writer takes first in each group: writes are serialised
     * across every host as they are on SQLite (one writer at a time, whole groups), so the change
     * log's seq order is its commit order (what the caches' catch-up and the event ids rely on) and
     * no write can see another's half-done work. Reads never wait for it.
     */
    static final long WRITE_LOCK = 0x66696368617357L;
    static final String BEGIN_WRITE = "BEGIN; SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")";

    private final PGSimpleDataSource delegate = new PGSimpleDataSource();
    private final PostgresConfig config;
    private final SlowQueryLog slowQueries;

    PostgresConnections(PostgresConfig config, SlowQueryLog slowQueries) {
        this.config = config;
        this.slowQueries = slowQueries;
        delegate.setURL(config.url());
        config.user().ifPresent(delegate::setUser);
        config.password().ifPresent(secret -> delegate.setPassword(secret.reveal()));
        delegate.setApplicationName("fichas");
        // 10 s: as SQLite's busy timeout. A writer on another host holding the lock that long fails
        // this attempt (55P03), which the writer's retry treats like SQLITE_BUSY.
        delegate.setOptions("-c lock_timeout=10000 -c TimeZone=UTC");
        delegate.setTcpKeepAlive(true);
        delegate.setConnectTimeout(10);
    }

    /** A physical connection outside any pool (the caller closes it), with slow statements logged. */
    Connection open() throws SQLException {
        return slowQueries.wrap(delegate.getConnection());
    }

    /** A physical connection outside any pool and without the slow-statement proxy (LISTEN needs the driver's own). */
    Connection openRaw() throws SQLException {
        return delegate.getConnection();
    }

    HikariDataSource pool(String name, int size, Duration connectionTimeout, MeterRegistry metrics) {
        // What HikariCP would set on a driver's own DataSource: the whole login (connect, TLS,
        // authentication) bounded by the pool's wait, so a hung server cannot hold a pool thread.
        delegate.setLoginTimeout((int) Math.max(1, connectionTimeout.plusMillis(500).toSeconds()));
        HikariConfig hikari = new HikariConfig();
        if (metrics != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        }
        hikari.setPoolName("postgresql-" + name);
        hikari.setDataSource(new OpenOnlyDataSource(this::open));
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(size);
        hikari.setConnectionTimeout(connectionTimeout.toMillis());
        hikari.setAutoCommit(true);
        hikari.setMaxLifetime(config.maxLifetime().toMillis());
        hikari.setKeepaliveTime(TimeUnit.MINUTES.toMillis(2));
        // A server that is down at start must not stop the instance: it starts DOWN and the pool
        // keeps trying, as SQLite's does for a file that cannot be opened yet.
        hikari.setInitializationFailTimeout(connectionTimeout.toMillis());
        return new HikariDataSource(hikari);
    }
}
