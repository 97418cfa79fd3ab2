package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.balancer.StubBackend.Mode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryAndErrorTest {
    private Fixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** Active checks slow enough that only live traffic decides within a test. */
    private static BalancerConfig.Builder slowChecks() {
        return Fixture.testConfig().healthInterval(Duration.ofSeconds(30)).healthFastInterval(Duration.ofSeconds(30));
    }

    @Test
    void connectRefusedIsRetriedElsewhereEvenForPostWithoutKey() {
        Backend dead = new Backend("dead", "127.0.0.1", Fixture.closedPort());
        // Round-robin writes, so that some POSTs meet the dead backend first (with writer routing b0 takes them all).
        f = new Fixture(1, slowChecks().writeRouting(WriteRouting.ROUND_ROBIN).build(), List.of(dead));
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = f.post("/echo", "order-" + i, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("b0:POST:order-" + i);
        }
        assertThat(f.stub(0).hits.get()).isEqualTo(6);
        BalancerSnapshot s = f.balancer.snapshot();
        assertThat(s.backend("dead").errors()).isPositive();
        assertThat(s.backend("dead").retries()).isEqualTo(s.backend("dead").errors());
        assertThat(s.retries()).isPositive();
    }

    @Test
    void getBrokenMidResponseIsRetriedOnceAndAnsweredOnceWhole() {
        f = new Fixture(2, slowChecks().passiveFailures(100).build());
        f.stub(0).mode = Mode.TRUNCATE;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = f.get("/echo");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("b1:GET:");
        }
        BalancerSnapshot s = f.balancer.snapshot();
        // Every truncated attempt on b0 became exactly one retry, and b1 answered each request once.
        assertThat(s.retries()).isEqualTo(f.stub(0).hits.get()).isEqualTo(s.backend("b0").errors());
        assertThat(f.stub(1).hits.get()).isEqualTo(4);
        assertThat(s.backend("b1").requests()).isEqualTo(4);
    }

    @Test
    void postWithoutIdempotencyKeyIsNotRetriedOnceSent() {
        f = new Fixture(1, slowChecks().build());
        f.stub(0).mode = Mode.CLOSE;
        HttpResponse<String> r = f.post("/echo", "once", null);
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).contains("\"code\":\"bad_gateway\"").contains("\"request_id\":\"");
        assertThat(f.stub(0).hits.get()).isEqualTo(1);
    }

    @Test
    void keyedPostAndGetAreRetriedUpToMaxAttempts() {
        f = new Fixture(1, slowChecks().maxAttempts(3).build());
        f.stub(0).mode = Mode.CLOSE;
        assertThat(f.post("/echo", "keyed", "key-1").statusCode()).isEqualTo(502);
        assertThat(f.stub(0).hits.get()).isEqualTo(3);
        assertThat(f.get("/echo").statusCode()).isEqualTo(502);
        assertThat(f.stub(0).hits.get()).isEqualTo(6);
    }

    @Test
    void hungBackendIsAJson504() {
        f = new Fixture(1, slowChecks().maxAttempts(1).attemptTimeout(Duration.ofMillis(300))
                .totalTimeout(Duration.ofMillis(300)).build());
        f.stub(0).mode = Mode.HANG;
        long start = System.nanoTime();
        HttpResponse<String> r = f.get("/echo");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("\"code\":\"gateway_timeout\"");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void noBackendInRotationIsAJson503WithRetryAfter() {
        f = new Fixture(1, slowChecks().build());
        f.balancer.drain("b0");
        HttpResponse<String> r = f.get("/echo");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(r.headers().allValues("X-Instance")).containsExactly("balancer");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).startsWith("{\"error\":{\"code\":\"unavailable\",\"message\":\"");
        assertThat(r.body()).contains("\"request_id\":\"" + r.headers().firstValue("X-Request-Id").orElseThrow() + "\"");
    }

    @Test
    void theLastHealthyBackendIsNeverEjected() {
        f = new Fixture(2, slowChecks().passiveFailures(1).build());
        f.stub(0).mode = Mode.ERROR_5XX;
        f.stub(1).mode = Mode.ERROR_5XX;
        for (int i = 0; i < 10; i++) {
            assertThat(f.get("/echo").statusCode()).isEqualTo(500);
        }
        BalancerSnapshot s = f.balancer.snapshot();
        assertThat(s.backends().values()).filteredOn(b -> b.state() == BackendStatus.UP).hasSize(1);
        assertThat(s.backend("b0").ejections() + s.backend("b1").ejections()).isEqualTo(1);
        assertThat(f.events).isEmpty();
    }

    @Test
    void a503FromABackendIsRetriedElsewhereForReplayableRequestsAndPassedOnOtherwise() {
        f = new Fixture(2, slowChecks().passiveFailures(100).build());
        f.stub(0).mode = Mode.UNAVAILABLE;
        for (int i = 0; i < 4; i++) {
            assertThat(f.get("/echo").body()).isEqualTo("b1:GET:");
            assertThat(f.post("/echo", "k", "key-" + i).body()).isEqualTo("b1:POST:k");
        }
        int relayed = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = f.post("/echo", "once", null);
            if (r.statusCode() == 503) {
                relayed++;
                assertThat(r.body()).as("the backend's own answer").contains("\"message\":\"b0\"");
            } else {
                assertThat(r.body()).isEqualTo("b1:POST:once");
            }
        }
        assertThat(relayed).isPositive();
        assertThat(f.balancer.snapshot().backend("b0").retries()).isEqualTo(f.stub(0).hits.get() - relayed);
    }

    @Test
    void a503FromABackendNeverEjectsItWhileOtherErrorsDo() {
        // A login storm's "come back later" must not take a healthy instance out (nor move the writer role).
        f = new Fixture(2, slowChecks().passiveFailures(1).build());
        f.stub(0).mode = Mode.UNAVAILABLE;
        for (int i = 0; i < 6; i++) {
            f.post("/echo", "login", null);
        }
        assertThat(f.stub(0).hits.get()).as("b0 answered 503 more than the one failure that ejects").isGreaterThan(1);
        BalancerSnapshot s = f.balancer.snapshot();
        assertThat(s.backend("b0").ejections()).isZero();
        assertThat(s.backend("b0").state()).isEqualTo(BackendStatus.UP);

        f.stub(0).mode = Mode.ERROR_5XX;
        for (int i = 0; i < 4 && f.balancer.snapshot().backend("b0").ejections() == 0; i++) {
            f.post("/echo", "fails", null);
        }
        assertThat(f.balancer.snapshot().backend("b0").ejections()).as("a 500 still ejects").isEqualTo(1);
    }
}
