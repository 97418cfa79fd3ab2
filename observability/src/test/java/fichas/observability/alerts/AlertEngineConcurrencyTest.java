package fichas.observability.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.observability.testing.MutableClock;
import fichas.observability.testing.RecordingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlertEngineConcurrencyTest {

    private static final int THREADS = 6;
    private static final int ROUNDS = 2_000;

    @Test
    void evaluateRaiseClearAndResolveFromSeveralThreadsKeepTheBooksStraight() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        // Breaches on roughly half of the reads, so threshold alerts keep being raised and resolved.
        MetricProbe coinFlip = () -> OptionalDouble.of(ThreadLocalRandom.current().nextDouble());
        RecordingListener listener = new RecordingListener();
        AlertEngine engine = new AlertEngine("balancer", clock,
                List.of(new ThresholdRule("flapping", "Flaps", Severity.WARNING, 0.5, Duration.ZERO, coinFlip)),
                List.of(listener));

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String subject = "s" + (t % 2); // two threads share each event subject
            workers.add(pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < ROUNDS; i++) {
                    clock.advance(Duration.ofMillis(1));
                    switch (random.nextInt(4)) {
                        case 0 -> engine.evaluate();
                        case 1 -> engine.raise("event", subject, Severity.CRITICAL, "event");
                        case 2 -> engine.clear("event", subject);
                        default -> engine.active().stream().findAny()
                                .ifPresent(a -> engine.resolve(a.id(), "ops"));
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<Alert> raised = listener.raised();
        List<Alert> resolved = listener.resolved();
        Set<Long> raisedIds = new HashSet<>();
        raised.forEach(a -> assertThat(raisedIds.add(a.id())).as("raised once: %s", a.id()).isTrue());
        Set<Long> resolvedIds = new HashSet<>();
        resolved.forEach(a -> assertThat(resolvedIds.add(a.id())).as("resolved once: %s", a.id()).isTrue());
        assertThat(raisedIds).containsAll(resolvedIds);
        assertThat(raised).extracting(Alert::id).isSorted();

        Set<Long> stillActive = new HashSet<>(raisedIds);
        stillActive.removeAll(resolvedIds);
        assertThat(engine.active()).extracting(Alert::id).containsExactlyInAnyOrderElementsOf(stillActive);
        assertThat(engine.active()).as("at most one per rule and subject")
                .extracting(a -> a.rule() + "/" + a.subject()).doesNotHaveDuplicates();
        assertThat(raised.size()).as("enough activity to mean something").isGreaterThan(100);
    }
}
