package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueAndDrainTest {
    private Fixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return f.client.sendAsync(HttpRequest.newBuilder(f.uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void moreConcurrentRequestsThanConnectionsWaitInTheQueueInsteadOfFailing() {
        f = new Fixture(1, Fixture.testConfig().ioThreads(1).connectionsPerBackend(1).queueSize(100)
                .queueTimeout(Duration.ofSeconds(10)).build());
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 5)
                .mapToObj(i -> getAsync("/slow?ms=300")).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> f.balancer.snapshot().queueLength() > 0);
        assertThat(calls).allSatisfy(c -> assertThat(c.join().statusCode()).isEqualTo(200));
        assertThat(f.balancer.snapshot().queueLength()).isZero();
    }

    @Test
    void aQueuedRequestGivesUpWith503OnlyAfterTheQueueTimeout() {
        f = new Fixture(1, Fixture.testConfig().ioThreads(1).connectionsPerBackend(1).queueSize(100)
                .queueTimeout(Duration.ofMillis(300)).build());
        CompletableFuture<HttpResponse<String>> first = getAsync("/slow?ms=2000");
        await().until(() -> f.balancer.snapshot().backend("b0").inFlight() == 1);
        long start = System.nanoTime();
        HttpResponse<String> queued = f.get("/echo");
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(queued.statusCode()).isEqualTo(503);
        assertThat(queued.body()).contains("\"code\":\"unavailable\"");
        assertThat(queued.headers().firstValue("Retry-After")).isPresent();
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(first.join().statusCode()).isEqualTo(200);
    }

    @Test
    void drainStopsNewRequestsLetsInFlightFinishAndAdmitBringsItBack() {
        f = new Fixture(2, Fixture.testConfig().build());
        CompletableFuture<HttpResponse<String>> slow = getAsync("/slow?ms=800");
        await().until(() -> f.balancer.snapshot().backends().values().stream().anyMatch(b -> b.inFlight() == 1));
        String busy = f.balancer.snapshot().backends().values().stream().filter(b -> b.inFlight() == 1)
                .findFirst().orElseThrow().id();
        String other = busy.equals("b0") ? "b1" : "b0";
        f.balancer.drain(busy);
        assertThat(f.balancer.snapshot().backend(busy).state()).isEqualTo(BackendStatus.DRAINING);
        for (int i = 0; i < 6; i++) {
            assertThat(f.get("/echo").body()).startsWith(other + ":");
        }
        assertThat(f.balancer.awaitDrained(busy, Duration.ofSeconds(10))).isTrue();
        assertThat(slow.join().statusCode()).isEqualTo(200);
        assertThat(slow.join().body()).startsWith(busy + ":");

        f.balancer.admit(busy);
        assertThat(f.balancer.snapshot().backend(busy).state()).isEqualTo(BackendStatus.UP);
        assertThat(IntStream.range(0, 4).mapToObj(i -> f.get("/echo").body().substring(0, 2)).distinct())
                .containsExactlyInAnyOrder("b0", "b1");
    }

    @Test
    void awaitDrainedTimesOutWhileARequestIsStillInFlight() {
        f = new Fixture(1, Fixture.testConfig().build());
        CompletableFuture<HttpResponse<String>> slow = getAsync("/slow?ms=1000");
        await().until(() -> f.balancer.snapshot().backend("b0").inFlight() == 1);
        f.balancer.drain("b0");
        assertThat(f.balancer.awaitDrained("b0", Duration.ofMillis(100))).isFalse();
        assertThat(slow.join().statusCode()).isEqualTo(200);
    }
}
