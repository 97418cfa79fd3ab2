package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a backend that freezes under load (stops answering requests and health checks, as a SIGSTOPped
 * instance) costs no replayable request and holds none for long: once the checks declare it DOWN, the
 * requests waiting on it are re-sent elsewhere at once, and the others are answered 504 at once — long
 * before their 10 s attempt timeout.
 */
class FailoverInFlightTest {
    private Fixture f;
    private final ExecutorService clients = Executors.newFixedThreadPool(6);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final List<Long> replayableMillis = new CopyOnWriteArrayList<>();
    private final List<Long> unkeyedMillis = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(20, TimeUnit.SECONDS);
        if (f != null) {
            f.close();
        }
    }

    @Test
    void requests_waiting_on_a_frozen_backend_move_on_when_it_is_declared_down() throws Exception {
        f = new Fixture(2, Fixture.testConfig()
                .healthInterval(Duration.ofMillis(200))
                .healthFastInterval(Duration.ofMillis(100))
                .healthTimeout(Duration.ofMillis(400))
                .passiveFailures(1000) // only the health checks take it out: what is tested is the DOWN verdict
                .attemptTimeout(Duration.ofSeconds(10))
                .build());
        for (int t = 0; t < 6; t++) {
            int thread = t;
            clients.execute(() -> {
                int i = 0;
                while (running.get()) {
                    int kind = (thread + i++) % 3; // GET, keyed POST, unkeyed POST
                    HttpRequest.Builder b = HttpRequest.newBuilder(f.uri("/echo")).timeout(Duration.ofSeconds(15));
                    if (kind == 1) {
                        b.POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}"))
                                .header("Idempotency-Key", "k-" + thread + "-" + i);
                    } else if (kind == 2) {
                        b.POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}"));
                    }
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> r = f.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                        (kind == 2 ? unkeyedMillis : replayableMillis).add(ms);
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else if (kind != 2 || r.statusCode() != 504) {
                            failures.merge(kind + " " + r.statusCode() + " " + r.body(), 1, Integer::sum);
                        }
                    } catch (Exception e) {
                        failures.merge(e.toString(), 1, Integer::sum);
                    }
                }
            });
        }
        int warm = ok.get() + 50;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= warm);

        StubBackend frozen = f.stub(1);
        frozen.mode = StubBackend.Mode.HANG;
        frozen.hangHealth = true;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.events.contains("down:b1"));
        int after = ok.get() + 50;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= after);
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

        assertThat(frozen.hits.get()).as("requests were caught by the freeze").isPositive();
        assertThat(failures).as("replayable requests never fail").isEmpty();
        // The checks need ~1 s here to call it DOWN (2 x 400 ms timeouts); without failover, 10 s.
        assertThat(replayableMillis.stream().mapToLong(Long::longValue).max().orElse(0)).isLessThan(3000);
        assertThat(unkeyedMillis.stream().mapToLong(Long::longValue).max().orElse(0)).isLessThan(3000);
    }
}
