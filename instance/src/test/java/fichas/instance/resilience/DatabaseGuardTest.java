package fichas.instance.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.instance.config.ResilienceConfig;
import fichas.instance.store.SqliteErrors;
import fichas.instance.store.StoreUnavailableException;
import fichas.observability.testing.MutableClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class DatabaseGuardTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final DatabaseGuard guard = new DatabaseGuard(
            new ResilienceConfig(50, 4, Duration.ofSeconds(10), 1, 4, Duration.ZERO, Duration.ofMillis(500)),
            SqliteErrors::isPersistentFailure, clock);
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static String failWith(SQLiteErrorCode code) {
        throw new StoreUnavailableException("database failed", new SQLiteException("injected " + code, code));
    }

    private void failTimes(int times, SQLiteErrorCode code) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> guard.read(() -> failWith(code))).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void persistent_io_errors_open_the_circuit_and_calls_then_fail_fast_with_the_time_left_as_retry_after() {
        failTimes(4, SQLiteErrorCode.SQLITE_IOERR_READ);

        assertThat(guard.isOpen()).isTrue();
        clock.advance(Duration.ofMillis(3_500));
        assertThatThrownBy(() -> guard.read(() -> "never runs"))
                .isInstanceOfSatisfying(DatabaseGuard.Rejected.class,
                        rejected -> assertThat(rejected.retryAfterSeconds()).isEqualTo(7));
        assertThat(guard.stats().circuit()).isEqualTo("OPEN");
        assertThat(guard.stats().rejectedCalls()).isEqualTo(1);
    }

    @Test
    void the_circuit_closes_on_its_own_once_the_wait_is_over_and_trial_calls_succeed() {
        failTimes(4, SQLiteErrorCode.SQLITE_FULL);
        assertThat(guard.isOpen()).isTrue();

        clock.advance(Duration.ofMillis(10_001));
        assertThat(guard.read(() -> "trial 1")).isEqualTo("trial 1");
        assertThat(guard.read(() -> "trial 2")).isEqualTo("trial 2");

        assertThat(guard.isOpen()).isFalse();
        assertThat(guard.stats().circuit()).isEqualTo("CLOSED");
    }

    @Test
    void a_failed_trial_call_opens_the_circuit_again() {
        failTimes(4, SQLiteErrorCode.SQLITE_CANTOPEN);
        clock.advance(Duration.ofMillis(10_001));

        failTimes(1, SQLiteErrorCode.SQLITE_IOERR);
        failTimes(1, SQLiteErrorCode.SQLITE_IOERR);

        assertThat(guard.isOpen()).isTrue();
    }

    @Test
    void busy_and_constraint_errors_are_the_callers_business_and_never_open_the_circuit() {
        failTimes(10, SQLiteErrorCode.SQLITE_BUSY);
        failTimes(10, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);

        assertThat(guard.isOpen()).isFalse();
    }

    @Test
    void writes_share_the_circuit_with_reads() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> guard.write(() -> failWith(SQLiteErrorCode.SQLITE_IOERR_WRITE)))
                    .isInstanceOf(StoreUnavailableException.class);
        }
        assertThatThrownBy(() -> guard.read(() -> "never runs")).isInstanceOf(DatabaseGuard.Rejected.class);
    }

    @Test
    void a_full_read_bulkhead_refuses_at_once_instead_of_queueing() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(() -> guard.read(() -> {
            holding.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        }));
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> guard.read(() -> "second reader"))
                .isInstanceOfSatisfying(DatabaseGuard.Rejected.class,
                        rejected -> assertThat(rejected.retryAfterSeconds()).isEqualTo(1));
        assertThat(guard.write(() -> "writes have their own bulkhead")).isEqualTo("writes have their own bulkhead");
        release.countDown();
    }

    @Test
    void a_health_probe_passes_a_full_bulkhead_but_not_an_open_circuit() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var held = pool.submit(() -> guard.read(() -> {
            holding.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        }));
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(guard.probe(() -> "busy is not down")).isEqualTo("busy is not down");
        release.countDown();
        assertThat(held.get(5, TimeUnit.SECONDS)).isTrue();
        while (!guard.isOpen()) {
            failTimes(1, SQLiteErrorCode.SQLITE_IOERR);
        }
        assertThatThrownBy(() -> guard.probe(() -> "never runs")).isInstanceOf(DatabaseGuard.Rejected.class);
    }

    @Test
    void sql_exceptions_are_classified_by_their_primary_result_code() {
        assertThat(SqliteErrors.isPersistentFailure(new SQLiteException("x", SQLiteErrorCode.SQLITE_IOERR_FSYNC))).isTrue();
        assertThat(SqliteErrors.isPersistentFailure(new SQLiteException("x", SQLiteErrorCode.SQLITE_NOTADB))).isTrue();
        assertThat(SqliteErrors.isPersistentFailure(new SQLiteException("x", SQLiteErrorCode.SQLITE_BUSY))).isFalse();
        assertThat(SqliteErrors.isPersistentFailure(new SQLException("no code"))).isFalse();
    }
}
