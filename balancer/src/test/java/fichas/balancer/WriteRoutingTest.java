package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writes go to one backend, the writer; reads go round robin; the role moves on when the writer leaves. */
class WriteRoutingTest {
    private Fixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** Health checks far apart unless a test needs them: a flap on a loaded machine must not move the writer. */
    private static BalancerConfig.Builder quiet() {
        return Fixture.testConfig().healthInterval(Duration.ofSeconds(30)).healthFastInterval(Duration.ofSeconds(30));
    }

    private String send(String method, String path) {
        HttpResponse<String> r = f.send(HttpRequest.newBuilder(f.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(200);
        return r.headers().firstValue("X-Instance").orElseThrow();
    }

    @Test
    void everyWriteGoesToTheWriterWhileReadsGoRoundRobin() {
        f = new Fixture(3, quiet().build());
        for (int i = 0; i < 6; i++) {
            for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
                assertThat(send(method, "/echo")).isEqualTo("b0");
            }
        }
        assertThat(f.stub(1).hits.get()).isZero();
        for (int i = 0; i < 30; i++) {
            f.get("/echo");
        }
        assertThat(f.stubs).extracting(s -> s.hits.get()).containsExactly(24 + 10, 10, 10);
        assertThat(f.balancer.writer()).isEqualTo("b0");
    }

    @Test
    void loginsAreSpreadLikeReadsSoThatTheirHashingRunsOnEveryInstance() {
        f = new Fixture(3, quiet().build());
        for (int i = 0; i < 6; i++) {
            send("POST", "/auth/login");
        }
        assertThat(f.stubs).extracting(s -> s.hits.get()).containsExactly(2, 2, 2);
        assertThat(send("POST", "/auth/logout")).isEqualTo("b0");
    }

    @Test
    void whenTheWriterGoesDownTheNextBackendTakesTheRoleAndKeepsIt() {
        f = new Fixture(3, Fixture.testConfig().build());
        assertThat(send("POST", "/echo")).isEqualTo("b0");
        f.stub(0).failHealth = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> "b1".equals(f.balancer.writer()));
        assertThat(send("POST", "/echo")).isEqualTo("b1");

        f.stub(0).failHealth = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> f.balancer.snapshot().backend("b0").state() == BackendStatus.UP);
        assertThat(send("POST", "/echo")).as("the role does not flap back").isEqualTo("b1");
    }

    @Test
    void drainingTheWriterHandsTheRoleOnAtOnce() {
        f = new Fixture(3, quiet().build());
        assertThat(send("POST", "/echo")).isEqualTo("b0");
        f.balancer.drain("b0");
        assertThat(send("POST", "/echo")).isEqualTo("b1");
        f.balancer.drain("b1");
        assertThat(send("DELETE", "/echo")).isEqualTo("b2");
        f.balancer.admit("b0");
        f.balancer.admit("b1");
        assertThat(send("PUT", "/echo")).isEqualTo("b2");
    }

    @Test
    void aWriteTheWriterCouldNotTakeIsRetriedOnTheNextBackend() {
        f = new Fixture(3, quiet().build());
        f.stub(0).mode = StubBackend.Mode.UNAVAILABLE; // 503: a PUT is replayable, so it is retried elsewhere
        assertThat(send("PUT", "/echo")).isEqualTo("b1");
    }

    @Test
    void roundRobinRoutingSpreadsWritesLikeReads() {
        f = new Fixture(3, quiet().writeRouting(WriteRouting.ROUND_ROBIN).build());
        for (int i = 0; i < 30; i++) {
            send("POST", "/echo");
        }
        assertThat(f.stubs).extracting(s -> s.hits.get()).containsExactly(10, 10, 10);
        assertThat(f.balancer.writer()).isNull();
    }

    @Test
    void theSettingIsReadAndValidatedAtLoad() {
        assertThat(BalancerConfig.fromEnvironment(Map.of()).proxy().writeRouting()).isEqualTo(WriteRouting.WRITER);
        assertThat(BalancerConfig.fromEnvironment(Map.of("FICHAS_BALANCER_WRITE_ROUTING", "Round-Robin"))
                .proxy().writeRouting()).isEqualTo(WriteRouting.ROUND_ROBIN);
        assertThatThrownBy(() -> BalancerConfig.fromEnvironment(Map.of("FICHAS_BALANCER_WRITE_ROUTING", "leader")))
                .hasMessage("FICHAS_BALANCER_WRITE_ROUTING must be writer or round-robin, but was 'leader'");
    }
}
