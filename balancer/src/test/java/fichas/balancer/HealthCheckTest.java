package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    private Fixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aBackendFailingChecksGetsNoTrafficAndReturnsAfterRisePasses() {
        f = new Fixture(3, Fixture.testConfig().build());
        f.stub(1).failHealth = true;
        await().atMost(Duration.ofSeconds(5)).until(() -> f.events.contains("down:b1"));
        assertThat(f.balancer.snapshot().backend("b1").state()).isEqualTo(BackendStatus.DOWN);
        int before = f.stub(1).hits.get();
        for (int i = 0; i < 20; i++) {
            assertThat(f.get("/echo").statusCode()).isEqualTo(200);
        }
        assertThat(f.stub(1).hits.get()).isEqualTo(before);
        assertThat(f.stub(0).hits.get() + f.stub(2).hits.get()).isGreaterThanOrEqualTo(20);

        f.stub(1).failHealth = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> f.events.contains("up:b1"));
        assertThat(f.balancer.snapshot().backend("b1").state()).isEqualTo(BackendStatus.UP);
        for (int i = 0; i < 6; i++) {
            f.get("/echo");
        }
        assertThat(f.stub(1).hits.get()).isGreaterThan(before);
        assertThat(f.events).containsExactly("down:b1", "up:b1");
    }

    @Test
    void aBackendWhoseHealthCheckHangsIsReportedDown() {
        f = new Fixture(2, Fixture.testConfig().build());
        f.stub(0).hangHealth = true;
        await().atMost(Duration.ofSeconds(5)).until(() -> f.events.contains("down:b0"));
        assertThat(f.balancer.snapshot().backend("b0").state()).isEqualTo(BackendStatus.DOWN);
    }

    @Test
    void checksComeFasterWhileABackendIsChangingState() {
        f = new Fixture(1, Fixture.testConfig().healthInterval(Duration.ofSeconds(2))
                .healthFastInterval(Duration.ofMillis(50)).build());
        await().until(() -> f.stub(0).healthHits.get() >= 1);
        f.stub(0).failHealth = true;
        // one slow interval to notice the first failure, then the second comes fast
        await().atMost(Duration.ofMillis(3500)).until(() -> f.events.contains("down:b0"));
        f.stub(0).failHealth = false;
        long start = System.nanoTime();
        // DOWN with no pass yet probes at the normal interval; after the first pass, the next is fast
        await().atMost(Duration.ofSeconds(5)).until(() -> f.events.contains("up:b0"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000 + 1500));
    }
}
