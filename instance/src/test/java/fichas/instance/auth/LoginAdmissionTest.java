package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link LoginAdmission} with a fake clock: plain longs of nanoseconds, no threads, no sleeping. */
class LoginAdmissionTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** One thread, 2 s bound, 100 ms hashes, a cycle of 300 ms (a third of a core). */
    private static LoginAdmission pool() {
        return new LoginAdmission(1, 2_000 * MS, 100, 100 * MS, 300 * MS);
    }

    @Test
    void admits_while_the_expected_queue_plus_hash_fits_the_bound_and_refuses_the_next_at_once() {
        LoginAdmission admission = pool();
        int admitted = 0;
        LoginAdmission.Decision decision;
        while ((decision = admission.arrive(0)).admitted()) {
            admitted++;
        }

        // n waiting: n x 300 ms + 100 ms <= 2,000 ms while n <= 6, so 7 are admitted and the 8th is refused.
        assertThat(admitted).isEqualTo(7);
        assertThat(decision.expectedNanos()).isEqualTo(7 * 300 * MS + 100 * MS);
        assertThat(decision.retryAfterSeconds()).isBetween(2L, 3L);
    }

    @Test
    void refused_logins_are_booked_one_cycle_apart_so_they_come_back_spread_out() {
        LoginAdmission admission = pool();
        while (admission.arrive(0).admitted()) {
            // fill the queue
        }
        long first = admission.arrive(0).retryAfterSeconds();
        long later = first;
        for (int i = 0; i < 30; i++) {
            later = admission.arrive(0).retryAfterSeconds();
        }

        // 31 more refusals at 300 ms each: the last comes back about 9 s after the first.
        assertThat(later - first).isBetween(8L, 10L);
    }

    @Test
    void a_measured_slowdown_of_the_hashes_shrinks_what_is_admitted() {
        LoginAdmission admission = pool();
        assertThat(admission.arrive(0).admitted()).isTrue();
        assertThat(admission.start(0, 0)).isZero();
        // A CPU-starved machine: one hash now takes 1.5 s of wall time, 1.6 s of the thread with its rest.
        for (int i = 0; i < 12; i++) {
            admission.finish(1_500 * MS, 1_600 * MS);
            assertThat(admission.arrive(0).admitted()).isTrue();
            assertThat(admission.start(0, 0)).isZero();
        }
        admission.finish(1_500 * MS, 1_600 * MS);

        assertThat(admission.hashNanos()).isGreaterThan(1_400 * MS);
        assertThat(admission.arrive(0).admitted()).as("one hash fits 2 s").isTrue();
        assertThat(admission.arrive(0).admitted()).as("a second behind it does not").isFalse();
    }

    @Test
    void a_queued_login_that_already_waited_past_the_bound_is_refused_when_its_turn_comes_instead_of_run() {
        LoginAdmission admission = pool();
        assertThat(admission.arrive(1_000 * MS).admitted()).isTrue();
        assertThat(admission.arrive(1_000 * MS).admitted()).isTrue();

        assertThat(admission.start(1_000 * MS, 2_900 * MS)).as("waited 1.9 s: still runs").isZero();
        long retryAfter = admission.start(1_000 * MS, 3_100 * MS);

        assertThat(retryAfter).as("waited 2.1 s: refused with a Retry-After").isPositive();
        assertThat(admission.waiting()).isZero();
        assertThat(admission.expectedNanos()).as("only the running hash is left").isEqualTo(300 * MS + 100 * MS);
    }

    @Test
    void an_abandoned_login_leaves_the_queue_and_the_queue_limit_refuses_regardless_of_time() {
        LoginAdmission admission = new LoginAdmission(2, 60_000 * MS, 3, 10 * MS, 10 * MS);
        for (int i = 0; i < 3; i++) {
            assertThat(admission.arrive(0).admitted()).isTrue();
        }
        assertThat(admission.arrive(0).admitted()).as("3 waiting already").isFalse();

        admission.abandon();

        assertThat(admission.waiting()).isEqualTo(2);
        assertThat(admission.arrive(0).admitted()).isTrue();
        assertThat(admission.refuseLate(0)).isPositive();
    }
}
