package fichas.balancer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stub backends plus a balancer in front of them; closes everything it started. */
public final class Fixture implements AutoCloseable {
    final List<StubBackend> stubs = new ArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final Balancer balancer;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Fast checks so that tests see state changes within a second. */
    public static BalancerConfig.Builder testConfig() {
        return BalancerConfig.builder()
                .port(0)
                .bindAddress("127.0.0.1")
                .ioThreads(2)
                .rateLimitEnabled(false)
                .healthInterval(Duration.ofMillis(100))
                .healthFastInterval(Duration.ofMillis(50))
                .healthTimeout(Duration.ofMillis(1000)) // generous: the test machine is shared and often overloaded
                .attemptTimeout(Duration.ofSeconds(5));
    }

    Fixture(int backends, BalancerConfig config) {
        this(backends, config, List.of());
    }

    Fixture(int backends, BalancerConfig config, List<Backend> extra) {
        List<Backend> all = new ArrayList<>();
        for (int i = 0; i < backends; i++) {
            StubBackend stub = new StubBackend("b" + i);
            stubs.add(stub);
            all.add(stub.backend());
        }
        all.addAll(extra);
        balancer = Balancer.start(config, all, new BalancerListener() {
            @Override
            public void backendDown(String backendId) {
                events.add("down:" + backendId);
            }

            @Override
            public void backendUp(String backendId) {
                events.add("up:" + backendId);
            }
        });
    }

    StubBackend stub(int i) {
        return stubs.get(i);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + balancer.port() + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    HttpResponse<String> post(String path, String body, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A port that nobody listens on: bound, then released. */
    static int closedPort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        balancer.close();
        stubs.forEach(StubBackend::close);
    }
}
