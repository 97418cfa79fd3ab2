package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /events} through the balancer (API.md "Real-time events"): each event reaches the
 * client as the instance writes it, the stream outlives the attempt and total timeouts, it holds
 * no pooled connection that ordinary requests need, and streams spread over the instances.
 */
class EventStreamTest {

    private static HttpResponse<Stream<String>> open(Fixture f, String path) throws Exception {
        HttpResponse<Stream<String>> response = f.client.send(HttpRequest.newBuilder(f.uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        return response;
    }

    @Test
    void events_arrive_one_by_one_and_the_stream_outlives_the_timeouts() throws Exception {
        BalancerConfig config = Fixture.testConfig().attemptTimeout(Duration.ofMillis(500))
                .totalTimeout(Duration.ofMillis(800)).responseBufferBytes(64 * 1024).build();
        try (Fixture f = new Fixture(1, config)) {
            HttpResponse<Stream<String>> response = open(f, "/events?every=200");
            Iterator<String> lines = response.body().iterator();
            long started = System.nanoTime();
            List<Long> arrivals = new ArrayList<>();
            while (arrivals.size() < 10) {
                if (lines.next().startsWith("id: ")) {
                    arrivals.add((System.nanoTime() - started) / 1_000_000);
                }
            }
            response.body().close();
            // 10 events 200 ms apart: they came spread over ~1.8 s, not all at once at the end, and the
            // stream lasted beyond the 800 ms total timeout of an ordinary request
            assertThat(arrivals.get(0)).isLessThan(1000);
            assertThat(arrivals.get(9) - arrivals.get(0)).isGreaterThan(1200);
            await().atMost(Duration.ofSeconds(5)).until(() -> f.stub(0).openStreams.get() == 0);
        }
    }

    @Test
    void open_streams_do_not_take_the_connections_of_ordinary_requests_and_spread_over_instances()
            throws Exception {
        BalancerConfig config = Fixture.testConfig().connectionsPerBackend(1).ioThreads(1).build();
        try (Fixture f = new Fixture(2, config)) {
            List<HttpResponse<Stream<String>>> streams = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                streams.add(open(f, "/events"));
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> f.stub(0).openStreams.get() + f.stub(1).openStreams.get() == 6);
            assertThat(f.stub(0).openStreams.get()).isEqualTo(3);
            assertThat(f.stub(1).openStreams.get()).isEqualTo(3);

            HttpResponse<String> ordinary = f.get("/hello");
            assertThat(ordinary.statusCode()).isEqualTo(200);

            streams.forEach(s -> s.body().close());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> f.stub(0).openStreams.get() + f.stub(1).openStreams.get() == 0);
        }
    }

    @Test
    void a_stream_counts_once_against_the_per_client_rate_limit() throws Exception {
        BalancerConfig config = Fixture.testConfig().rateLimitEnabled(true).rateLimitPerMinute(3).build();
        try (Fixture f = new Fixture(1, config)) {
            HttpResponse<Stream<String>> response = open(f, "/events?every=20");
            Iterator<String> lines = response.body().iterator();
            int events = 0;
            while (events < 30) {
                if (lines.next().startsWith("id: ")) {
                    events++;
                }
            }
            response.body().close();
            assertThat(f.get("/a").statusCode()).isEqualTo(200);
            assertThat(f.get("/b").statusCode()).isEqualTo(200);
            assertThat(f.get("/c").statusCode()).isEqualTo(429);
        }
    }
}
