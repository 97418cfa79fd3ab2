package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients keep sending while a backend dies or hangs: no GET and no keyed POST may fail. */
class FailoverTest {
    private Fixture f;
    private final ExecutorService clients = Executors.newFixedThreadPool(4);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(20, TimeUnit.SECONDS);
        if (f != null) {
            f.close();
        }
    }

    private void startLoad() {
        for (int t = 0; t < 4; t++) {
            int thread = t;
            clients.execute(() -> {
                int i = 0;
                while (running.get()) {
                    boolean post = i++ % 2 == 0;
                    HttpRequest.Builder b = HttpRequest.newBuilder(f.uri("/echo")).timeout(Duration.ofSeconds(15));
                    if (post) {
                        b.POST(HttpRequest.BodyPublishers.ofString("x")).header("Idempotency-Key", "k-" + thread + "-" + i);
                    }
                    try {
                        HttpResponse<String> r = f.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.merge((post ? "POST " : "GET ") + r.statusCode() + " " + r.body(), 1, Integer::sum);
                        }
                    } catch (Exception e) {
                        failures.merge(e.toString(), 1, Integer::sum);
                    }
                }
            });
        }
    }

    private void awaitRequests(int more) {
        int target = ok.get() + more;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= target);
    }

    @Test
    void aBackendThatDiesUnderLoadCostsNoGetAndNoKeyedPost() {
        f = new Fixture(3, Fixture.testConfig().build());
        startLoad();
        awaitRequests(100);
        f.stub(1).close(); // connections reset, port refused from now on
        awaitRequests(300);
        running.set(false);
        assertThat(failures).isEmpty();
        assertThat(f.balancer.snapshot().backend("b1").state()).isEqualTo(BackendStatus.DOWN);
    }

    @Test
    void aBackendThatHangsUnderLoadCostsNoGetAndNoKeyedPost() {
        f = new Fixture(3, Fixture.testConfig().attemptTimeout(Duration.ofMillis(800)).build());
        startLoad();
        awaitRequests(100);
        f.stub(2).hangHealth = true;
        f.stub(2).mode = StubBackend.Mode.HANG;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> f.events.contains("down:b2"));
        int hitsAtDown = f.stub(2).hits.get();
        awaitRequests(300);
        running.set(false);
        assertThat(failures).isEmpty();
        // at most the requests already on their way when it turned DOWN (one per client thread)
        assertThat(f.stub(2).hits.get()).as("no new traffic once DOWN").isLessThanOrEqualTo(hitsAtDown + 4);
        assertThat(f.balancer.snapshot().retries()).isPositive();
    }
}
