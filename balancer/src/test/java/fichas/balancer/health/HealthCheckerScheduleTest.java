package fichas.balancer.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckerScheduleTest {
    private static final Duration NORMAL = Duration.ofSeconds(1);
    private static final Duration FAST = Duration.ofMillis(250);
    private final HealthTracker tracker = new HealthTracker(2, 2);

    @Test
    void aSteadyBackendIsCheckedAtTheNormalInterval() {
        tracker.record(true);
        assertThat(HealthChecker.nextDelay(tracker, NORMAL, FAST)).isEqualTo(NORMAL);
    }

    @Test
    void checksComeFastAfterAFirstFailureAndAfterAFirstPassWhileDown() {
        tracker.record(false);
        assertThat(HealthChecker.nextDelay(tracker, NORMAL, FAST)).isEqualTo(FAST);
        tracker.record(false); // now DOWN, steadily
        assertThat(HealthChecker.nextDelay(tracker, NORMAL, FAST)).isEqualTo(NORMAL);
        tracker.record(true);
        assertThat(HealthChecker.nextDelay(tracker, NORMAL, FAST)).isEqualTo(FAST);
        tracker.record(true); // UP again
        assertThat(HealthChecker.nextDelay(tracker, NORMAL, FAST)).isEqualTo(NORMAL);
    }
}
