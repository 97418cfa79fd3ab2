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
        await().atMost(Duration.ofSeconds(10)).until(() -> f.events.contains("down:b1"));
        assertThat(f.balancer.snapshot().backend("b1").state()).isEqualTo(BackendStatus.DOWN);
        int before = f.stub(1).hits.get();
        for (int i = 0; i < 20; i++) {
            assertThat(f.get("/echo").statusCode()).isEqualTo(200);
        }
        assertThat(f.stub(1).hits.get()).isEqualTo(before);
        assertThat(f.stub(0).hits.get() + f.stub(2).hits.get()).isGreaterThanOrEqualTo(20);

        f.stub(1).failHealth = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> f.events.contains("up:b1"));
        assertThat(f.balancer.snapshot().backend("b1").state()).isEqualTo(BackendStatus.UP);
        for (int i = 0; i < 6; i++) {
            f.get("/echo");
        }
        assertThat(f.stub(1).hits.get()).isGreaterThan(before);
        assertThat(f.events).filteredOn(e -> e.endsWith(":b1")).containsExactly("down:b1", "up:b1");
    }

    @Test
    void aBackendWhoseHealthCheckHangsIsReportedDown() {
        f = new Fixture(2, Fixture.testConfig().build());
        f.stub(0).hangHealth = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> f.events.contains("down:b0"));
        assertThat(f.balancer.snapshot().backend("b0").state()).isEqualTo(BackendStatus.DOWN);
    }

    @Test
    void aBackendThatIsDownComesBackAfterItsCheckPassAgain() {
        f = new Fixture(1, Fixture.testConfig().build());
        f.stub(0).failHealth = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> f.events.contains("down:b0"));
        f.stub(0).failHealth = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> f.events.contains("up:b0"));
        assertThat(f.balancer.snapshot().backend("b0").state()).isEqualTo(BackendStatus.UP);
    }
}
