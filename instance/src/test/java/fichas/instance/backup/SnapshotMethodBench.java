package fichas.instance.backup;

import fichas.instance.config.StoreConfig;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not a test: which snapshot method stalls writers less. Fills a database with {@code rows} clientes
 * (~1 KiB each), then for each method: a writer inserts one row per write in a loop while the copy
 * runs, and the write latencies during the copy are compared with those of the same loop without a
 * copy. Run by hand with the test classpath (docs/PERFORMANCE.md, "Backups").
 */
public final class SnapshotMethodBench {
    private SnapshotMethodBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("snapshot-bench");
        try (Database database = Database.open(new StoreConfig(dir, 4, Duration.ofSeconds(10), 8192, 0, 1 << 26,
                Duration.ofHours(1), Duration.ofSeconds(5), 256))) {
            String filler = "x".repeat(1000);
            for (int done = 0; done < rows; done += 1000) {
                database.write(c -> {
                    for (int i = 0; i < 1000; i++) {
                        Sql.insert(c, "INSERT INTO clientes (nome, endereco, created_at, updated_at) VALUES ('n', ?, '', '')",
                                filler);
                    }
                    return null;
                });
            }
            System.out.printf("database: %d rows, %d MiB%n", rows, Files.size(dir.resolve("fichas.db")) >> 20);
            for (int round = 0; round < 2; round++) {
                for (SnapshotCopier.Method method : SnapshotCopier.Method.values()) {
                    measure(database, dir, method, round);
                }
            }
        }
    }

    private static void measure(Database database, Path dir, SnapshotCopier.Method method, int round) throws Exception {
        List<Long> idle = writeFor(database, Duration.ofSeconds(2), null);
        Path target = dir.resolve("copy-" + method + "-" + round + ".db");
        SnapshotCopier copier = new SnapshotCopier(method, Duration.ofSeconds(10));
        long[] copyMillis = new long[1];
        List<Long> during = writeFor(database, null, () -> {
            long start = System.nanoTime();
            copier.copy(dir.resolve("fichas.db"), target);
            copyMillis[0] = (System.nanoTime() - start) / 1_000_000;
        });
        System.out.printf("round %d %-11s copy %5d ms, %6.1f MiB | writes without: n=%d p99=%.2f ms max=%.2f ms"
                        + " | during copy: n=%d p99=%.2f ms max=%.2f ms%n", round, method, copyMillis[0],
                Files.size(target) / 1048576.0, idle.size(), pct(idle, 0.99), pct(idle, 1.0), during.size(),
                pct(during, 0.99), pct(during, 1.0));
        Files.delete(target);
    }

    /** Writes in a loop for {@code duration}, or for as long as {@code work} runs; returns the latencies (ns). */
    private static List<Long> writeFor(Database database, Duration duration, Work work) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                long start = System.nanoTime();
                database.write(c -> Sql.insert(c,
                        "INSERT INTO clientes (nome, created_at, updated_at) VALUES ('w', '', '')"));
                latencies.add(System.nanoTime() - start);
            }
        });
        writer.start();
        if (work == null) {
            Thread.sleep(duration.toMillis());
        } else {
            work.run();
        }
        stop.set(true);
        writer.join();
        return new ArrayList<>(latencies);
    }

    private static double pct(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }
}
