package fichas.instance.cache;

import fichas.instance.config.StoreConfig;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: a microbenchmark of what the coherence check costs per read, run by
 * {@code bench/cache.sh} (or by hand with the test classpath). For 1, 4 and 16 threads it times
 * {@link ChangeFeed#catchUp} when nothing changed, and for comparison the alternative check
 * ({@code SELECT MAX(seq) FROM change_log} on a pooled connection) and a read by primary key
 * through the pool (what a cache hit saves). Prints the best of 7 runs in µs per call per thread: on
 * a shared machine the best run is the one least disturbed by other work.
 */
public final class CoherenceCheckBench {
    private CoherenceCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("coherence-bench");
        try (Database database = Database.open(new StoreConfig(dir, 4, Duration.ofSeconds(5), 8192, 0, 1 << 20,
                Duration.ofHours(1), Duration.ofSeconds(5), 64))) {
            database.write(c -> Sql.insert(c, "INSERT INTO clientes (nome, created_at, updated_at) VALUES ('x', '', '')"));
            ChangeFeed feed = new ChangeFeed(database::openDedicatedReader, change -> { }, () -> { });
            System.out.printf("%-58s %8s %8s %8s%n", "µs per call per thread (best of 7 runs)", "1 thr", "4 thr", "16 thr");
            row("data_version check (ChangeFeed.catchUp), nothing changed", calls, () -> {
                feed.catchUp();
                return null;
            });
            row("alternative: SELECT MAX(seq) FROM change_log (pooled)", calls,
                    () -> database.read(ChangeLog::lastSeq));
            row("what a hit saves: SELECT cliente by id (pooled)", calls,
                    () -> database.read(c -> Sql.count(c, "SELECT id FROM clientes WHERE id = ?", 1L)));
            feed.close();
        }
    }

    private static void row(String label, int calls, Callable<Object> call) throws Exception {
        double[] cells = new double[3];
        int[] threads = {1, 4, 16};
        for (int i = 0; i < threads.length; i++) {
            // One pool per column, warmed first: each new thread opens its own check connection,
            // which must not be timed, and the JIT must be done before the timed runs.
            ExecutorService pool = Executors.newFixedThreadPool(threads[i]);
            try {
                run(pool, threads[i], calls, call);
                double[] runs = new double[7];
                for (int r = 0; r < runs.length; r++) {
                    runs[r] = run(pool, threads[i], calls, call);
                }
                Arrays.sort(runs);
                cells[i] = runs[0];
            } finally {
                pool.shutdownNow();
            }
        }
        System.out.printf("%-58s %8.2f %8.2f %8.2f%n", label, cells[0], cells[1], cells[2]);
    }

    /** Mean µs per call seen by each of {@code threads} threads making {@code calls} calls each. */
    private static double run(ExecutorService pool, int threads, int calls, Callable<Object> call) throws Exception {
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    call.call();
                }
                return System.nanoTime() - start;
            }));
        }
        long total = 0;
        for (Future<Long> each : done) {
            total += each.get();
        }
        return total / 1000.0 / threads / calls;
    }
}
