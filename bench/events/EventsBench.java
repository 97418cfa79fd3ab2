import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real-time events benchmark (issue 14), run with the JDK's source launcher against a running
 * system (bench/events.sh starts one): N SSE subscribers through the balancer while POST /clientes
 * runs at a fixed rate; checks that every subscriber got every created cliente's event, in order,
 * none twice; delivery lag (from the POST being sent, and from its answer) as percentiles over
 * every subscriber x event; memory of the given pids before/after the idle subscribers; write
 * throughput at full speed with the N subscribers open and with none.
 *
 * java EventsBench.java PORT PASSWORD SUBSCRIBERS RATE SECONDS WRITE_THREADS WRITE_SECONDS PIDS...
 */
public class EventsBench {
    static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    static HttpClient http;
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String password = args[1];
        int subscribers = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int writeThreads = Integer.parseInt(args[5]);
        int writeSeconds = Integer.parseInt(args[6]);
        List<Long> pids = new ArrayList<>();
        for (int i = 7; i < args.length; i++) {
            pids.add(Long.parseLong(args[i]));
        }
        base = "http://127.0.0.1:" + port;
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(8)).build();
        String login = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        token = login.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

        // warm-up: the JIT of every process on the write and event paths
        writeAtFullSpeed(writeThreads, 5);

        long[] rssBefore = rss(pids);
        List<Sub> subs = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(subscribers);
        for (int i = 0; i < subscribers; i++) {
            Sub sub = new Sub(connected);
            subs.add(sub);
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/events?types=cliente.created"))
                    .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(sub));
            if (i % 50 == 49) {
                Thread.sleep(50);
            }
        }
        if (!connected.await(120, TimeUnit.SECONDS)) {
            System.out.println("only " + (subscribers - connected.getCount()) + " of " + subscribers + " subscribers connected");
        }
        Thread.sleep(3000);
        long[] rssIdle = rss(pids);
        System.out.printf("subscribers connected: %d%n", subscribers - connected.getCount());
        for (int i = 0; i < pids.size(); i++) {
            System.out.printf("pid %d RSS %d -> %d KiB with %d idle subscribers: %+.1f KiB per subscriber (all processes' share)%n",
                    pids.get(i), rssBefore[i], rssIdle[i], subscribers, (rssIdle[i] - rssBefore[i]) / (double) subscribers);
        }
        long totalDelta = 0;
        for (int i = 0; i < pids.size(); i++) {
            totalDelta += rssIdle[i] - rssBefore[i];
        }
        System.out.printf("RSS growth, all given processes: %.1f KiB per idle subscriber%n", totalDelta / (double) subscribers);

        // fixed-rate writes, each created id noted with its send and answer times
        Map<Long, long[]> created = new ConcurrentHashMap<>();
        List<Long> order = java.util.Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(16);
        AtomicInteger failures = new AtomicInteger();
        long periodNanos = 1_000_000_000L / rate;
        int total = rate * seconds;
        CountDownLatch writes = new CountDownLatch(total);
        AtomicInteger n = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            if (i >= total) {
                return;
            }
            long sent = System.nanoTime();
            http.sendAsync(post("{\"nome\":\"Bench " + i + "\"}"), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        if (e == null && r.statusCode() == 201) {
                            Matcher m = ID.matcher(r.body());
                            m.find();
                            long id = Long.parseLong(m.group(1));
                            created.put(id, new long[] {sent, System.nanoTime()});
                        } else {
                            failures.incrementAndGet();
                        }
                        writes.countDown();
                    });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        writes.await(seconds + 60L, TimeUnit.SECONDS);
        pacer.shutdownNow();
        System.out.printf("writes: %d at %d/s for %d s, %d failed%n", created.size(), rate, seconds, failures.get());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && subs.stream().anyMatch(s -> s.count.get() < created.size())) {
            Thread.sleep(200);
        }
        int complete = 0;
        int outOfOrder = 0;
        int duplicates = 0;
        int missing = 0;
        long[] fromSent = new long[60_001];
        long[] fromAnswered = new long[60_001];
        for (Sub sub : subs) {
            boolean ok = true;
            java.util.Set<Long> seen = new java.util.HashSet<>();
            long lastEventId = -1;
            for (long[] e : sub.received) {
                if (e[0] <= lastEventId) {
                    outOfOrder++;
                    ok = false;
                }
                lastEventId = e[0];
                if (!seen.add(e[1])) {
                    duplicates++;
                    ok = false;
                }
                long[] times = created.get(e[1]);
                if (times != null) {
                    fromSent[(int) Math.min(60_000, Math.max(0, (e[2] - times[0]) / 1_000_000))]++;
                    fromAnswered[(int) Math.min(60_000, Math.max(0, (e[2] - times[1]) / 1_000_000))]++;
                }
            }
            for (Long id : created.keySet()) {
                if (!seen.contains(id)) {
                    missing++;
                    ok = false;
                }
            }
            if (ok) {
                complete++;
            }
        }
        System.out.printf("subscribers with every event, in order, none twice: %d of %d (missing %d, duplicates %d, out of order %d)%n",
                complete, subs.size(), missing, duplicates, outOfOrder);
        System.out.printf("delivery lag from POST sent:     p50 %d ms  p99 %d ms  max %d ms%n",
                pct(fromSent, 0.5), pct(fromSent, 0.99), pct(fromSent, 1.0));
        System.out.printf("delivery lag from POST answered: p50 %d ms  p99 %d ms  max %d ms%n",
                pct(fromAnswered, 0.5), pct(fromAnswered, 0.99), pct(fromAnswered, 1.0));

        double withSubs = writeAtFullSpeed(writeThreads, writeSeconds);
        for (Sub sub : subs) {
            sub.cancel();
        }
        Thread.sleep(3000);
        double without = writeAtFullSpeed(writeThreads, writeSeconds);
        System.out.printf("write throughput, %d threads, %d s: %.0f req/s with %d subscribers, %.0f req/s with none (%.0f %%)%n",
                writeThreads, writeSeconds, withSubs, subs.size(), without, 100 * withSubs / without);
        System.exit(0);
    }

    static long pct(long[] histogram, double q) {
        long total = 0;
        for (long c : histogram) {
            total += c;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank && histogram[i] > 0) {
                return i;
            }
        }
        return -1;
    }

    static HttpRequest post(String json) {
        return HttpRequest.newBuilder(URI.create(base + "/clientes")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** Closed-loop writers for {@code seconds}; returns successful writes per second. */
    static double writeAtFullSpeed(int threads, int seconds) throws Exception {
        AtomicLong ok = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    try {
                        if (http.send(post("{\"nome\":\"Carga " + (i++) + "\"}"), HttpResponse.BodyHandlers.ofString())
                                .statusCode() == 201) {
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // counted as not ok
                    }
                }
            });
            thread.start();
            all.add(thread);
        }
        for (Thread thread : all) {
            thread.join();
        }
        return ok.get() / (double) seconds;
    }

    static long[] rss(List<Long> pids) throws Exception {
        long[] out = new long[pids.size()];
        for (int i = 0; i < pids.size(); i++) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pids.get(i) + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    out[i] = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        }
        return out;
    }

    /** One SSE subscriber: records (event id, cliente id, receive nanos) of each event. */
    static final class Sub implements Flow.Subscriber<String> {
        final List<long[]> received = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger count = new AtomicInteger();
        private final CountDownLatch connected;
        private Flow.Subscription subscription;
        private long eventId = -1;
        private boolean opened;

        Sub(CountDownLatch connected) {
            this.connected = connected;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!opened && line.startsWith(":")) {
                opened = true;
                connected.countDown();
            } else if (line.startsWith("id: ")) {
                eventId = Long.parseLong(line.substring(4));
            } else if (line.startsWith("data: ")) {
                Matcher m = ID.matcher(line);
                if (m.find()) {
                    received.add(new long[] {eventId, Long.parseLong(m.group(1)), System.nanoTime()});
                    count.incrementAndGet();
                }
            }
        }

        void cancel() {
            if (subscription != null) {
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {
            System.out.println("subscriber stream ended: " + t);
        }

        @Override
        public void onComplete() {
        }
    }
}
