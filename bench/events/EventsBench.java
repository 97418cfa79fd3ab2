import java.net.URI;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
    static final AtomicInteger ENDED = new AtomicInteger();
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
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(300L + seconds + 2L * writeSeconds));
                System.out.println("benchmark did not finish in time: giving up");
                System.exit(2);
            } catch (InterruptedException e) {
                // finished
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
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
        Streams streams = new Streams();
        Thread reader = new Thread(streams, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        CountDownLatch connected = new CountDownLatch(subscribers);
        subs.addAll(streams.openAll(subscribers, port, "cliente.created", connected));
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

        // fixed-rate writes, each created id noted with its send and answer times; CPU of every process meanwhile
        List<Long> cpuPids = new ArrayList<>(pids);
        cpuPids.add(ProcessHandle.current().pid());
        long[] cpuBefore;
        Map<Long, long[]> created = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        Map<String, Integer> reasons = new ConcurrentHashMap<>();
        // the same writes for a few seconds first, not measured: the JIT of the event relay paths (a stream
        // that has carried nothing yet is cold code in every process)
        Map<Long, long[]> warmUp = new ConcurrentHashMap<>();
        paced(rate, WARM_UP_SECONDS, warmUp, new AtomicInteger(), new ConcurrentHashMap<>());
        long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < warmDeadline && subs.stream().anyMatch(sub -> sub.count.get() < warmUp.size())) {
            Thread.sleep(100);
        }
        int warmEvents = warmUp.size();
        cpuBefore = cpuTicks(cpuPids);
        paced(rate, seconds, created, failures, reasons);
        long[] cpuAfter = cpuTicks(cpuPids);
        StringBuilder cpu = new StringBuilder("CPU during the fixed-rate writes (s):");
        for (int i = 0; i < cpuPids.size(); i++) {
            cpu.append(i == cpuPids.size() - 1 ? " this bench " : " pid " + cpuPids.get(i) + " ")
                    .append(String.format("%.1f", (cpuAfter[i] - cpuBefore[i]) / 100.0));
        }
        System.out.println(cpu);
        System.out.printf("writes: %d at %d/s for %d s, %d failed %s%n", created.size(), rate, seconds, failures.get(),
                reasons.isEmpty() ? "" : reasons);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && subs.stream().anyMatch(s -> s.count.get() < warmEvents + created.size())) {
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
        System.out.printf("subscribers with every event, in order, none twice: %d of %d (missing %d, duplicates %d, out of order %d; streams that ended early %d)%n",
                complete, subs.size(), missing, duplicates, outOfOrder, ENDED.get());
        System.out.printf("delivery lag from POST sent:     p50 %d ms  p99 %d ms  max %d ms%n",
                pct(fromSent, 0.5), pct(fromSent, 0.99), pct(fromSent, 1.0));
        System.out.printf("delivery lag from POST answered: p50 %d ms  p99 %d ms  max %d ms%n",
                pct(fromAnswered, 0.5), pct(fromAnswered, 0.99), pct(fromAnswered, 1.0));

        // Closed-loop writes with the streams open: each write is now an event for every subscriber. The
        // subscribers only read and count bytes from here on (completeness was checked above): parsing a million
        // events a second would measure this client, which shares the two cores, not the system.
        long endedBefore = ENDED.get();
        for (Sub sub : subs) {
            sub.countOnly = true;
        }
        long bytesBefore = subs.stream().mapToLong(sub -> sub.bytes).sum();
        double withSubs = writeAtFullSpeed(writeThreads, writeSeconds);
        Thread.sleep(1000);
        long streamed = subs.stream().mapToLong(sub -> sub.bytes).sum() - bytesBefore;
        long endedDuring = ENDED.get() - endedBefore;
        for (Sub sub : subs) {
            sub.cancel();
        }
        Thread.sleep(3000);
        double without = writeAtFullSpeed(writeThreads, writeSeconds);
        // The same number of streams subscribed to another type (pedido.created): open, heartbeats, filtered by
        // every instance's poller, but given nothing by these writes — what holding a subscriber costs.
        CountDownLatch otherConnected = new CountDownLatch(subscribers);
        List<Sub> others = streams.openAll(subscribers, port, "pedido.created", otherConnected);
        otherConnected.await(120, TimeUnit.SECONDS);
        Thread.sleep(2000);
        double withOthers = writeAtFullSpeed(writeThreads, writeSeconds);
        for (Sub sub : others) {
            sub.cancel();
        }
        System.out.printf("write throughput, %d threads, %d s: %.0f req/s with %d subscribers receiving every event "
                        + "(%.0f MiB streamed to them, %d streams ended), %.0f req/s with none (%.0f %%); %.0f req/s with %d "
                        + "subscribers of another type (%.0f %%)%n",
                writeThreads, writeSeconds, withSubs, subs.size(), streamed / 1048576.0, endedDuring, without,
                100 * withSubs / without, withOthers, others.size(), 100 * withOthers / without);
        System.exit(0);
    }

    static final int WARM_UP_SECONDS = 5;

    /** POST /clientes at {@code rate}/s for {@code seconds}; each created id with its send and answer nanos. */
    static void paced(int rate, int seconds, Map<Long, long[]> created, AtomicInteger failures,
                      Map<String, Integer> reasons) throws InterruptedException {
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(16);
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
                            reasons.merge(e != null ? rootCause(e).getClass().getSimpleName()
                                    : r.statusCode() + " " + r.body().replaceAll(".*\"message\":\"([^\"]+)\".*", "$1") + " via " + r.headers().firstValue("X-Instance").orElse("?"), 1, Integer::sum);
                        }
                        writes.countDown();
                    });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        writes.await(seconds + 60L, TimeUnit.SECONDS);
        pacer.shutdownNow();
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

    static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
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

    /** utime + stime in clock ticks (100 per second on Linux) of each process. */
    static long[] cpuTicks(List<Long> pids) throws Exception {
        long[] out = new long[pids.size()];
        for (int i = 0; i < pids.size(); i++) {
            Path file = Path.of("/proc/" + pids.get(i) + "/stat");
            if (!Files.exists(file)) {
                out[i] = -1; // the process is gone (restarted): its figure is meaningless
                continue;
            }
            String stat = Files.readString(file);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            out[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return out;
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

    /**
     * Every subscriber on one selector thread, speaking HTTP/1.1 itself (request, status line, chunked
     * decoding, SSE lines): a client library per stream would cost more CPU than the system measured
     * on these same two cores.
     */
    static final class Streams implements Runnable {
        final Selector selector;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

        Streams() throws IOException {
            selector = Selector.open();
        }

        /** Opens {@code n} streams of {@code types}, 50 at a time; each counts {@code connected} down once open. */
        List<Sub> openAll(int n, int port, String types, CountDownLatch connected) throws IOException, InterruptedException {
            List<Sub> opened = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Sub sub = new Sub(connected);
                opened.add(sub);
                open(sub, port, types);
                if (i % 50 == 49) {
                    Thread.sleep(50);
                }
            }
            return opened;
        }

        void open(Sub sub, int port, String types) throws IOException {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap(("GET /events?types=" + types + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            sub.channel = channel;
            channel.register(selector, SelectionKey.OP_READ, sub);
        }

        @Override
        public void run() {
            try {
                while (selector.isOpen()) {
                    selector.select(1000);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Sub sub = (Sub) key.attachment();
                        buffer.clear();
                        int n;
                        try {
                            n = sub.channel.read(buffer);
                        } catch (IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            key.cancel();
                            sub.ended("connection closed");
                            continue;
                        }
                        buffer.flip();
                        sub.accept(buffer);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                // closed at the end of the run
            }
        }
    }

    /** One SSE subscriber: records (event id, cliente id, receive nanos) of each event. */
    static final class Sub {
        final List<long[]> received = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger count = new AtomicInteger();
        private final CountDownLatch connected;
        volatile SocketChannel channel;
        /** Bytes read off the stream (selector thread writes, the main thread reads after a pause). */
        volatile long bytes;
        /** From the throughput phase on: read and count, do not parse. */
        volatile boolean countOnly;
        private final StringBuilder line = new StringBuilder(256);
        private boolean inHeaders = true;
        private boolean chunked;
        private int chunkState; // 0 size line, 1 data, 2 CRLF after data
        private long chunkLeft;
        private long eventId = -1;
        private boolean opened;
        private boolean ended;

        Sub(CountDownLatch connected) {
            this.connected = connected;
        }

        /**
         * What one read brought (selector thread). Event lines are parsed as bytes — no String, no regex per
         * event — because this client shares the two cores with the system it measures.
         */
        void accept(ByteBuffer in) {
            bytes += in.remaining();
            if (countOnly) {
                in.position(in.limit());
                return;
            }
            while (in.hasRemaining()) {
                if (inHeaders || !chunked) {
                    onByte(in.get());
                    continue;
                }
                switch (chunkState) {
                    case 0 -> {
                        byte b = in.get();
                        if (b == '\n') {
                            String size = line.toString().trim();
                            line.setLength(0);
                            int semi = size.indexOf(';');
                            chunkLeft = Long.parseLong(semi < 0 ? size : size.substring(0, semi), 16);
                            chunkState = chunkLeft == 0 ? 3 : 1;
                            if (chunkLeft == 0) {
                                ended("stream ended by the server");
                            }
                        } else {
                            line.append((char) b);
                        }
                    }
                    case 1 -> {
                        int take = (int) Math.min(chunkLeft, in.remaining());
                        for (int i = 0; i < take; i++) {
                            onByte(in.get());
                        }
                        chunkLeft -= take;
                        if (chunkLeft == 0) {
                            chunkState = 2;
                        }
                    }
                    case 2 -> {
                        if (in.get() == '\n') {
                            chunkState = 0;
                        }
                    }
                    default -> in.position(in.limit());
                }
            }
        }

        private byte[] sse = new byte[512];
        private int sseLength;

        private void onByte(byte b) {
            if (inHeaders) {
                if (b != '\n') {
                    if (b != '\r') {
                        line.append((char) b);
                    }
                    return;
                }
                String text = line.toString();
                line.setLength(0);
                if (text.startsWith("HTTP/1.1 ") && !text.startsWith("HTTP/1.1 200")) {
                    ended("status " + text);
                } else if (text.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding: chunked")) {
                    chunked = true;
                } else if (text.isEmpty()) {
                    inHeaders = false;
                }
                return;
            }
            if (b == '\r') {
                return;
            }
            if (b != '\n') {
                if (sseLength == sse.length) {
                    sse = java.util.Arrays.copyOf(sse, sse.length * 2);
                }
                sse[sseLength++] = b;
                return;
            }
            onLine(sse, sseLength);
            sseLength = 0;
        }

        private static final byte[] ID_LINE = "id: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DATA_LINE = "data: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ID_FIELD = "\"id\":".getBytes(StandardCharsets.US_ASCII);

        void onLine(byte[] text, int length) {
            if (!opened && length > 0 && text[0] == ':') {
                opened = true;
                connected.countDown();
            } else if (startsWith(text, length, ID_LINE, 0)) {
                eventId = digits(text, length, ID_LINE.length);
            } else if (startsWith(text, length, DATA_LINE, 0)) {
                for (int at = DATA_LINE.length; at + ID_FIELD.length <= length; at++) {
                    if (startsWith(text, length, ID_FIELD, at)) {
                        received.add(new long[] {eventId, digits(text, length, at + ID_FIELD.length), System.nanoTime()});
                        count.incrementAndGet();
                        return;
                    }
                }
            }
        }

        private static boolean startsWith(byte[] text, int length, byte[] prefix, int at) {
            if (at + prefix.length > length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (text[at + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private static long digits(byte[] text, int length, int at) {
            long value = 0;
            for (int i = at; i < length && text[i] >= '0' && text[i] <= '9'; i++) {
                value = value * 10 + (text[i] - '0');
            }
            return value;
        }

        void ended(String why) {
            if (!ended) {
                ended = true;
                if (ENDED.getAndIncrement() < 5) {
                    System.out.println("subscriber stream ended: " + why);
                }
            }
        }

        void cancel() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
