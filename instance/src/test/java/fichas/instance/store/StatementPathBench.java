package fichas.instance.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the wrappers around every pooled SQLite connection cost per statement: a primary-key read with its
 * parameter, run through the connection as {@link SqliteConnections} hands it out ({@link StatementCache} over
 * {@link SlowQueryLog}) and through the bare driver connection (preparing anew each time, as without the
 * cache), in one JVM, alternating, after a warm-up. Not a test: run it from the test classpath.
 *
 * <pre>bench/inprocess.sh store.StatementPathBench [rounds] [threads]</pre>
 */
public final class StatementPathBench {
    private static final int CALLS = 200_000;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path file = Files.createTempDirectory("statement-bench").resolve("bench.db");
        try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + file);
             var s = setup.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, nome TEXT NOT NULL, cidade TEXT)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
                    + "INSERT INTO t SELECT i, 'nome ' || i, 'cidade ' || i FROM n");
        }
        List<Connection> bare = new ArrayList<>();
        List<Connection> wrapped = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            bare.add(DriverManager.getConnection("jdbc:sqlite:" + file));
            wrapped.add(StatementCache.wrap(new SlowQueryLog(Duration.ofSeconds(1))
                    .wrap(DriverManager.getConnection("jdbc:sqlite:" + file))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            parallel(pool, wrapped); // warm-up of both paths
            parallel(pool, bare);
            for (int r = 1; r <= rounds; r++) {
                double w = parallel(pool, wrapped);
                double b = parallel(pool, bare);
                System.out.printf(Locale.ROOT, "round %d, %d threads: wrapped (cache + slow log) %.2f us/read, "
                        + "bare driver %.2f us/read (per thread)%n", r, threads, w, b);
            }
        } finally {
            pool.shutdown();
            for (Connection c : bare) {
                c.close();
            }
            for (Connection c : wrapped) {
                c.close();
            }
        }
    }

    /** Each thread reads through its own connection; the mean of their microseconds per read. */
    private static double parallel(ExecutorService pool, List<Connection> connections) throws Exception {
        List<Future<Double>> results = new ArrayList<>();
        for (Connection c : connections) {
            results.add(pool.submit(() -> run(c, CALLS)));
        }
        double sum = 0;
        for (Future<Double> f : results) {
            sum += f.get();
        }
        return sum / results.size();
    }

    /** Microseconds per read: prepare, bind, query, read two columns, close. */
    private static double run(Connection connection, int calls) throws SQLException {
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            try (PreparedStatement read = connection.prepareStatement("SELECT nome, cidade FROM t WHERE id = ?")) {
                read.setLong(1, 1 + i % 1000);
                try (ResultSet rs = read.executeQuery()) {
                    if (rs.next()) {
                        sink += rs.getString(1).length() + rs.getString(2).length();
                    }
                }
            }
        }
        double micros = (System.nanoTime() - start) / 1e3 / calls;
        if (sink == 42) {
            System.out.println(); // keeps the reads from being optimised away
        }
        return micros;
    }
}
