package fichas.balancer.health;

import static fichas.balancer.health.HealthTracker.Transition.NONE;
import static fichas.balancer.health.HealthTracker.Transition.WENT_DOWN;
import static fichas.balancer.health.HealthTracker.Transition.WENT_UP;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTrackerTest {
    private final HealthTracker tracker = new HealthTracker(2, 2);

    @Test
    void goesDownAfterFallFailuresInARowAndUpAfterRisePasses() {
        assertThat(tracker.record(false)).isEqualTo(NONE);
        assertThat(tracker.isUp()).isTrue();
        assertThat(tracker.changing()).isTrue();
        assertThat(tracker.record(false)).isEqualTo(WENT_DOWN);
        assertThat(tracker.isUp()).isFalse();
        assertThat(tracker.record(false)).isEqualTo(NONE);
        assertThat(tracker.record(true)).isEqualTo(NONE);
        assertThat(tracker.changing()).isTrue();
        assertThat(tracker.record(true)).isEqualTo(WENT_UP);
        assertThat(tracker.changing()).isFalse();
    }

    @Test
    void aPassInBetweenResetsTheFailureStreak() {
        tracker.record(false);
        tracker.record(true);
        assertThat(tracker.record(false)).isEqualTo(NONE);
        assertThat(tracker.isUp()).isTrue();
    }

    @Test
    void anEjectedBackendIsStillReportedWhenActiveChecksThenFail() {
        assertThat(tracker.eject()).isTrue();
        assertThat(tracker.isUp()).isFalse();
        assertThat(tracker.eject()).isFalse();
        tracker.record(false);
        assertThat(tracker.record(false)).isEqualTo(WENT_DOWN);
        assertThat(tracker.record(false)).isEqualTo(NONE);
    }

    @Test
    void anEjectedBackendComesBackAfterRisePasses() {
        tracker.eject();
        assertThat(tracker.record(true)).isEqualTo(NONE);
        assertThat(tracker.record(true)).isEqualTo(WENT_UP);
        assertThat(tracker.isUp()).isTrue();
    }
}
