package fichas.jmeter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The SLO gate of a plan run: prints a one-screen summary of the run and fails when a gate broke.
 *
 * <p>Run by the jmeter profile in the {@code verify} phase, after the plugin wrote the results
 * (target/jmeter/results/*.csv) and the dashboard (target/jmeter/reports/&lt;plan&gt;/):
 * <pre>java fichas.jmeter.SloGate --plan=smoke --jmeter-dir=target/jmeter --max-error-pct=0 --max-p95-ms=auto</pre>
 * Exit status: 0 every gate held; 1 a gate broke; 2 the run left no report to judge (or bad arguments).
 * The verdict and the gated figures are also written to {@code <jmeter-dir>/gate.json} ({@link GateResult}),
 * which {@code ./start.sh loadtest} reads for its closing summary.
 */
public final class SloGate {

    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int NO_REPORT = 2;

    private SloGate() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Everything {@link #main} does but exiting; returns the exit status. */
    static int run(String[] args, PrintStream out) {
        Map<String, String> options = options(args);
        String plan = options.getOrDefault("plan", "smoke");
        Path jmeterDir = Path.of(options.getOrDefault("jmeter-dir", "target/jmeter"));
        Gates gates;
        try {
            gates = Gates.of(plan, options.get("max-error-pct"), options.get("max-p95-ms"));
        } catch (IllegalArgumentException e) {
            out.println("SLO gate: " + e.getMessage());
            return NO_REPORT;
        }
        Optional<Path> statistics = find(jmeterDir.resolve("reports"), "statistics.json");
        if (statistics.isEmpty()) {
            out.println("SLO gate: no statistics.json under " + jmeterDir.resolve("reports").toAbsolutePath()
                    + " - did JMeter run and generate its dashboard? See " + jmeterDir.resolve("logs").toAbsolutePath());
            return NO_REPORT;
        }
        try {
            Statistics stats = Statistics.read(statistics.get());
            Jtl jtl = readJtl(jmeterDir.resolve("results"));
            Jtl.Period working = jtl != null && jtl.logins().samples() > 0 ? jtl.working() : null;
            List<String> failures = gates.failures(stats.total(), working);
            Path report = statistics.get().getParent().resolve("index.html").toAbsolutePath();
            new Summary(out).print(plan, stats, jtl, gates, failures, report);
            GateResult.of(plan, stats.total(), working, jtl == null ? null : jtl.logins(), failures, report)
                    .write(jmeterDir.resolve(GateResult.FILE));
            return failures.isEmpty() ? PASSED : FAILED;
        } catch (IOException e) {
            out.println("SLO gate: cannot read the results: " + e.getMessage());
            return NO_REPORT;
        }
    }

    private static Jtl readJtl(Path resultsDir) throws IOException {
        Optional<Path> csv = find(resultsDir, ".csv");
        return csv.isPresent() ? Jtl.read(csv.get()) : null;
    }

    /** The first regular file under {@code dir} whose name ends with {@code suffix}, if any. */
    static Optional<Path> find(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("expected --name=value, but got " + arg);
            }
        }
        return options;
    }
}
