package fichas.instance.backup;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: what a backup costs on a realistic database. Seeds one instance (real Undertow, real
 * SQLite) through the API with {@code pedidos} pedidos and {@code images} distinct 8 KiB images, then
 * measures the client latency of {@code POST /pedidos} from {@code writers} threads for {@code seconds}
 * seconds without a backup, and again while {@code POST /backups} runs back to back. Prints each
 * backup's time and size and the p50/p99/max write latency of both runs. docs/PERFORMANCE.md
 * ("Backups") has the command and the numbers.
 */
public final class BackupBench {
    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        int pedidos = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int writers = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Path dir = Files.createTempDirectory("backup-bench");
        try (RunningInstance instance = RunningInstance.start(dir, Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "0",
                "FICHAS_BACKUP_KEEP", "1000"))) {
            ApiClient admin = instance.admin();
            long cliente = admin.post("/clientes", Map.of("nome", "Bench")).json().get("id").asLong();
            long tipo = admin.get("/producoes/tipos").json().get("items").get(0).get("id").asLong();
            long started = System.nanoTime();
            parallel(16, pedidos, i -> check(admin.post("/pedidos", pedido(cliente, tipo)), 201));
            parallel(8, images, i -> check(admin.post("/pedidos/" + (i + 1) + "/imagens",
                    Map.of("filename", "f" + i + ".png", "data", Base64.getEncoder().encodeToString(image(i)))), 201));
            System.out.printf(Locale.ROOT, "seeded %d pedidos, %d images in %.0f s; fichas.db %.1f MiB%n", pedidos,
                    images, (System.nanoTime() - started) / 1e9, Files.size(dir.resolve("fichas.db")) / 1048576.0);
            measure("warm-up (discarded)", admin, cliente, tipo, 5, writers, false);
            for (int round = 1; round <= 2; round++) {
                measure("round " + round + " without backup", admin, cliente, tipo, seconds, writers, false);
                measure("round " + round + " during backups", admin, cliente, tipo, seconds, writers, true);
            }
        }
    }

    private static void measure(String label, ApiClient admin, long cliente, long tipo, int seconds, int writers,
                                boolean backups) throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    ApiResponse response = admin.post("/pedidos", pedido(cliente, tipo));
                    latencies.add(System.nanoTime() - start);
                    if (response.status() != 201) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<String> taken = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (backups) {
                long start = System.nanoTime();
                ApiResponse backup = admin.post("/backups", Map.of());
                long ms = (System.nanoTime() - start) / 1_000_000;
                taken.add(backup.status() == 201 ? String.format(Locale.ROOT, "%d ms (%.1f MiB, %d images)", ms,
                        backup.json().get("bytes").asLong() / 1048576.0, backup.json().get("media_files").asInt())
                        : "status " + backup.status());
            } else {
                Thread.sleep(100);
            }
        }
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "%-28s writes=%d errors=%d p50=%.1f ms p99=%.1f ms max=%.1f ms load %.1f->%.1f%s%n",
                label, sorted.size(), errors.get(), pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 1.0), loadBefore,
                loadAfter, taken.isEmpty() ? "" : " backups: " + taken);
    }

    private static Map<String, Object> pedido(long cliente, long tipo) {
        return Map.of("cliente_id", cliente, "tipo_id", tipo, "descricao", "Chapa 3mm cortada a laser, lote "
                + ThreadLocalRandom.current().nextInt(1_000_000), "quantidade", 10);
    }

    private static byte[] image(int i) {
        byte[] bytes = new byte[8192];
        ThreadLocalRandom.current().nextBytes(bytes);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        bytes[8] = (byte) i;
        bytes[9] = (byte) (i >> 8);
        bytes[10] = (byte) (i >> 16);
        return bytes;
    }

    private static void check(ApiResponse response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ": " + response);
        }
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p * sorted.size()) - 1));
        return sorted.get(index) / 1e6;
    }

    @FunctionalInterface
    private interface Task {
        void run(int i) throws Exception;
    }

    private static void parallel(int threads, int count, Task task) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (long i; (i = next.getAndIncrement()) < count; ) {
                    task.run((int) i);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }
}
