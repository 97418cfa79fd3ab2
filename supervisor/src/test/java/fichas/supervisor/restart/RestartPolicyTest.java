package fichas.supervisor.restart;

import fichas.observability.testing.MutableClock;
import fichas.supervisor.config.RestartConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RestartPolicyTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RestartPolicy policy = new RestartPolicy(RestartConfig.defaults(), clock);

    @Test
    void backoffStartsAtHalfASecondAndDoublesUpToThirtySeconds() {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            RestartDecision d = policy.failed();
            delays.add(d.delay());
            clock.advance(Duration.ofMinutes(1)); // spread out so the give-up window never fills
        }
        assertThat(delays).extracting(Duration::toMillis)
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
    }

    @Test
    void tenFailuresWithinFiveMinutesGiveUp() {
        for (int i = 0; i < 9; i++) {
            assertThat(policy.failed().giveUp()).isFalse();
            clock.advance(Duration.ofSeconds(20));
        }
        RestartDecision tenth = policy.failed();
        assertThat(tenth.giveUp()).isTrue();
        assertThat(tenth.failuresInWindow()).isEqualTo(10);
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 9; i++) {
            policy.failed();
            clock.advance(Duration.ofSeconds(40)); // 9 failures over 6 minutes
        }
        assertThat(policy.failed().giveUp()).isFalse();
    }

    @Test
    void sixtySecondsHealthyResetTheBackoff() {
        policy.failed();
        policy.failed();
        assertThat(policy.failed().delay()).isEqualTo(Duration.ofSeconds(2));
        policy.healthy();
        clock.advance(Duration.ofSeconds(60));
        assertThat(policy.failed().delay()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aShortHealthyRunDoesNotResetTheBackoff() {
        policy.failed();
        policy.healthy();
        clock.advance(Duration.ofSeconds(59));
        assertThat(policy.failed().delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anOperatorResetForgetsEverything() {
        for (int i = 0; i < 10; i++) {
            policy.failed();
        }
        policy.reset();
        RestartDecision d = policy.failed();
        assertThat(d.giveUp()).isFalse();
        assertThat(d.delay()).isEqualTo(Duration.ofMillis(500));
    }
}
