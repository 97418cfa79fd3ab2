package fichas.jmeter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints the one-screen summary of a run. Not thread-safe. */
final class Summary {

    /** Plans whose summary shows latency and errors by number of active threads. */
    private static final List<String> BANDED_PLANS = List.of("stress");
    private static final String RATE_LIMITED = "429";

    private final PrintStream out;

    Summary(PrintStream out) {
        this.out = out;
    }

    void print(String plan, Statistics stats, Jtl jtl, Gates gates, List<String> failures, Path report) {
        Statistics.Row t = stats.total();
        line("");
        line("==== JMeter plan %s: %s ====", plan, failures.isEmpty() ? "PASSED" : "FAILED");
        line("samples %d   errors %d (%.3f %%)   throughput %.1f req/s", t.samples(), t.errors(), t.errorPct(), t.throughput());
        line("latency ms   p50 %.0f   p90 %.0f   p95 %.0f   p99 %.0f   max %.0f   mean %.1f",
                t.p50Ms(), t.p90Ms(), t.p95Ms(), t.p99Ms(), t.maxMs(), t.meanMs());
        Jtl.Period logins = jtl == null ? null : jtl.logins();
        if (logins != null && logins.samples() > 0) {
            Jtl.Period w = jtl.working();
            line("working      samples %d   errors %d (%.3f %%)   %.1f req/s   p50 %d   p95 %d   p99 %d  (logins apart;"
                    + " the p95 gate)", w.samples(), w.errors(), w.errorPct(), w.throughput(), w.p50Ms(), w.p95Ms(), w.p99Ms());
            line("logins       samples %d   errors %d   %.1f /s   p50 %d   p95 %d   p99 %d", logins.samples(),
                    logins.errors(), logins.throughput(), logins.p50Ms(), logins.p95Ms(), logins.p99Ms());
        }
        line("gates        error rate <= %s %%, p95 <= %s ms", Gates.trim(gates.maxErrorPct()), Gates.trim(gates.maxP95Ms()));
        line("%-44s %8s %8s %7s %7s", "request", "samples", "errors", "p95", "p99");
        stats.rows().stream().limit(14).forEach(r ->
                line("%-44s %8d %8d %7.0f %7.0f", cut(r.label(), 44), r.samples(), r.errors(), r.p95Ms(), r.p99Ms()));
        if (jtl != null) {
            printCodes(jtl);
            if (BANDED_PLANS.contains(plan)) {
                printBands(jtl, gates);
            }
        }
        failures.forEach(f -> line("GATE FAILED  %s", f));
        line("report       %s", report);
        line("");
    }

    private void printCodes(Jtl jtl) {
        Map<String, Long> codes = jtl.codes();
        line("status codes %s", codes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("  ")));
        jtl.failureMessages().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(3)
                .forEach(e -> line("  failure x%d: %s", e.getValue(), e.getKey()));
        long limited = codes.getOrDefault(RATE_LIMITED, 0L);
        if (limited > 0) {
            line("RATE LIMITED %d responses were 429: the balancer limits each client IP. Start the system with"
                    + " FICHAS_RATELIMIT_ENABLED=false for load tests (see jmeter/README.md).", limited);
        }
    }

    private void printBands(Jtl jtl, Gates gates) {
        List<Jtl.Band> bands = jtl.bands(10);
        if (bands.size() < 2) {
            return;
        }
        line("by active threads (all thread groups):");
        Jtl.Band firstErrors = null;
        Jtl.Band firstSlow = null;
        for (Jtl.Band b : bands) {
            line("  %5d-%-5d %9d samples  errors %7.3f %%  p95 %6d ms", b.fromThreads(), b.toThreads(), b.samples(), b.errorPct(), b.p95Ms());
            if (firstErrors == null && b.errorPct() > gates.maxErrorPct()) {
                firstErrors = b;
            }
            if (firstSlow == null && b.p95Ms() > gates.maxP95Ms()) {
                firstSlow = b;
            }
        }
        line("  error rate past the gate from: %s", from(firstErrors));
        line("  p95 past the gate from:        %s", from(firstSlow));
    }

    private static String from(Jtl.Band band) {
        return band == null ? "never (held up to the highest band)"
                : String.format(Locale.ROOT, "%d-%d threads", band.fromThreads(), band.toThreads());
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
    }
}
