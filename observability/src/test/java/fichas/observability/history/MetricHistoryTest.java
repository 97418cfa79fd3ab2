package fichas.observability.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MetricHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void keepsTheLastSamplesOfEachMetricOldestFirst() {
        MetricHistory history = new MetricHistory(3);
        for (int i = 1; i <= 5; i++) {
            history.record("rps", T0.plusSeconds(i), i);
        }
        history.record("error_rate", T0, 0.5);

        assertThat(history.samples("rps")).containsExactly(
                new Sample(T0.plusSeconds(3), 3), new Sample(T0.plusSeconds(4), 4), new Sample(T0.plusSeconds(5), 5));
        assertThat(history.samples("error_rate")).containsExactly(new Sample(T0, 0.5));
        assertThat(history.names()).containsExactlyInAnyOrder("rps", "error_rate");
    }

    @Test
    void aMetricNotYetFullKeepsWhatItHasInOrder() {
        MetricHistory history = new MetricHistory(10);
        history.record("rps", T0, 1);
        history.record("rps", T0.plusSeconds(1), Double.NaN);

        assertThat(history.samples("rps")).extracting(Sample::at).containsExactly(T0, T0.plusSeconds(1));
        assertThat(history.samples("rps").get(1).value()).isNaN();
    }

    @Test
    void anUnknownMetricHasNoSamples() {
        MetricHistory history = new MetricHistory(3);
        assertThat(history.knows("rps")).isFalse();
        assertThat(history.samples("rps")).isEmpty();
        assertThat(history.samples(null)).isEmpty();
        assertThat(history.names()).isEmpty();

        history.record("rps", T0, 1);
        assertThat(history.knows("rps")).isTrue();
    }

    @Test
    void samplesAreACopyThatLaterRecordsDoNotChange() {
        MetricHistory history = new MetricHistory(2);
        history.record("rps", T0, 1);
        List<Sample> before = history.samples("rps");
        history.record("rps", T0.plusSeconds(1), 2);
        history.record("rps", T0.plusSeconds(2), 3);

        assertThat(before).containsExactly(new Sample(T0, 1));
        assertThatThrownBy(() -> before.add(new Sample(T0, 0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsANonPositiveCapacityABlankNameAndAMissingInstant() {
        assertThatThrownBy(() -> new MetricHistory(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacityPerMetric must be >= 1, but was 0");
        MetricHistory history = new MetricHistory(1);
        assertThatThrownBy(() -> history.record(" ", T0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank");
        assertThatThrownBy(() -> history.record("rps", null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at must not be null");
    }

    @Test
    void writersAndReadersOnSeveralThreadsNeitherLoseNorTearSamples() throws Exception {
        int writers = 4;
        int perWriter = 5_000;
        int capacity = 100;
        MetricHistory history = new MetricHistory(capacity);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CyclicBarrier start = new CyclicBarrier(writers + 1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perWriter; i++) {
                    history.record("rps", T0.plusMillis(i), writer);
                    history.record("writer_" + writer, T0.plusMillis(i), i);
                }
                return null;
            }));
        }
        tasks.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < 2_000; i++) {
                assertThat(history.samples("rps").size()).isLessThanOrEqualTo(capacity);
                assertThat(history.samples("rps")).doesNotContainNull();
            }
            return null;
        }));
        for (Future<?> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(history.samples("rps")).hasSize(capacity);
        for (int w = 0; w < writers; w++) {
            assertThat(history.samples("writer_" + w)).extracting(Sample::value)
                    .containsExactlyElementsOf(IntStream.range(perWriter - capacity, perWriter)
                            .mapToObj(i -> (double) i).toList());
        }
    }
}
