package fichas.supervisor.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady client load through the balancer: each thread loops over an authenticated GET and, every fifth
 * request, a POST with an Idempotency-Key. Counts every answer that is not 2xx, and every exception, as failed.
 */
public final class LoadClient implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String token;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong posts = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private LoadClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static LoadClient start(int port, String password, int threads) throws Exception {
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(login.body());
        if (login.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("login failed: " + login.statusCode() + " " + login.body());
        }
        LoadClient client = new LoadClient(base, m.group(1));
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(client::loop, "load-" + i);
            t.start();
            client.threads.add(t);
        }
        return client;
    }

    private void loop() {
        long n = 0;
        while (running.get()) {
            n++;
            HttpRequest request = n % 5 == 0 ? post() : get();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    ok.incrementAndGet();
                } else {
                    failures.add(request.method() + " " + request.uri().getPath() + " -> " + r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                failures.add(request.method() + " " + request.uri().getPath() + " -> " + e);
            }
        }
    }

    private HttpRequest get() {
        return HttpRequest.newBuilder(URI.create(base + "/producoes/tipos")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
    }

    private HttpRequest post() {
        posts.incrementAndGet();
        return HttpRequest.newBuilder(URI.create(base + "/clientes")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"nome\":\"Cliente " + UUID.randomUUID() + "\"}")).build();
    }

    public long succeeded() {
        return ok.get();
    }

    public long posts() {
        return posts.get();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(35_000);
        }
    }
}
