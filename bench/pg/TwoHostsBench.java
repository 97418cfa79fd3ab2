import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two-host goals of issue 16, run with the JDK's source launcher against instances bound to two
 * loopback addresses on one PostgreSQL database (bench/pg/two-hosts.sh starts them):
 *   visibility A B N       N times: update a cliente through host A, then read it through host B until
 *                          the new name shows (B had it cached); and the time until B's /events stream
 *                          delivers the update. Prints percentiles of both.
 *   writes BALANCER SECONDS THREADS   POST /clientes with Idempotency-Key through the balancer for
 *                          SECONDS; prints every acknowledged id to stdout file ACKED (one per line)
 *   verify URL FILE        checks every id of FILE exists through URL; prints found/missing
 * TOKEN comes from the environment.
 */
public final class TwoHostsBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String TOKEN = System.getenv("TOKEN");
    static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "visibility" -> visibility(args[1], args[2], Integer.parseInt(args[3]));
            case "writes" -> writes(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
            case "verify" -> verify(args[1], args[2]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static HttpResponse<String> send(String method, String url, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json");
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void visibility(String a, String b, int n) throws Exception {
        String created = send("POST", a + "/clientes", "{\"nome\":\"Visivel 0\"}", null).body();
        Matcher m = ID.matcher(created);
        m.find();
        long id = Long.parseLong(m.group(1));
        List<Long> readNanos = new ArrayList<>();
        List<Long> eventNanos = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<Integer, Long> sentAt = new ConcurrentHashMap<>();
        AtomicInteger lastSeen = new AtomicInteger();
        Thread events = new Thread(() -> follow(b, id, sentAt, eventNanos, lastSeen));
        events.setDaemon(true);
        events.start();
        Thread.sleep(500);
        for (int i = 1; i <= n; i++) {
            send("GET", b + "/clientes/" + id, null, null); // cached on B
            String body = "{\"nome\":\"Visivel " + i + "\",\"version\":" + i + "}";
            long start = System.nanoTime();
            sentAt.put(i + 1, start);
            HttpResponse<String> put = send("PUT", a + "/clientes/" + id, body, null);
            if (put.statusCode() != 200) {
                throw new IllegalStateException("PUT " + put.statusCode() + " " + put.body());
            }
            long acked = System.nanoTime();
            while (!send("GET", b + "/clientes/" + id, null, null).body().contains("\"Visivel " + i + "\"")) {
                if (System.nanoTime() - acked > TimeUnit.SECONDS.toNanos(5)) {
                    throw new IllegalStateException("update " + i + " not visible on B after 5 s");
                }
            }
            readNanos.add(System.nanoTime() - acked);
        }
        Thread.sleep(1000);
        print("read on B after the write on A was acknowledged", readNanos);
        print("event on B's /events after the write on A was sent", eventNanos);
        System.out.printf("events received: %d of %d%n", eventNanos.size(), n);
    }

    /** Reads B's SSE stream; for each cliente.updated of {@code id} with version v records now - sentAt(v). */
    static void follow(String b, long id, ConcurrentHashMap<Integer, Long> sentAt, List<Long> out, AtomicInteger last) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(b + "/events?access_token=" + TOKEN)).build();
            HttpResponse<java.io.InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body()))) {
                String line;
                Pattern version = Pattern.compile("\"id\":" + id + ",.*\"version\":(\\d+)");
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data:") && line.contains("cliente.updated")) {
                        Matcher m = version.matcher(line);
                        if (m.find()) {
                            Long sent = sentAt.get(Integer.parseInt(m.group(1)));
                            if (sent != null) {
                                out.add(System.nanoTime() - sent);
                            }
                        }
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("event stream: " + e);
        }
    }

    static void print(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println(what + ": none");
            return;
        }
        System.out.printf("%s: n=%d p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", what, sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }

    static void writes(String balancer, int seconds, int threads, String ackedFile) throws Exception {
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        AtomicLong failed = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger seq = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int n = seq.incrementAndGet();
                    String key = "two-hosts-" + ProcessHandle.current().pid() + "-" + n;
                    String body = "{\"nome\":\"Duas casas " + n + "\"}";
                    // a client that retries with the same key until it has an answer (as the PCs do)
                    for (int attempt = 0; attempt < 20; attempt++) {
                        try {
                            HttpResponse<String> r = send("POST", balancer + "/clientes", body, key);
                            if (r.statusCode() == 201 || r.statusCode() == 200) {
                                Matcher m = ID.matcher(r.body());
                                m.find();
                                acked.add(Long.parseLong(m.group(1)));
                                break;
                            }
                            retried.incrementAndGet();
                        } catch (Exception e) {
                            retried.incrementAndGet();
                        }
                        if (attempt == 19) {
                            failed.incrementAndGet();
                        }
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        java.nio.file.Files.write(java.nio.file.Path.of(ackedFile), acked.stream().map(String::valueOf).toList());
        System.out.printf("acknowledged %d creates, %d client retries, %d given up%n", acked.size(), retried.get(),
                failed.get());
    }

    static void verify(String url, String file) throws Exception {
        List<String> ids = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file));
        int found = 0;
        int missing = 0;
        for (String id : ids) {
            if (send("GET", url + "/clientes/" + id, null, null).statusCode() == 200) {
                found++;
            } else {
                missing++;
            }
        }
        System.out.printf("acknowledged ids found after the kill: %d, missing: %d%n", found, missing);
    }
}
