package fichas.jmeter;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a JMeter CSV results file (.jtl), reduced to what the dashboard does not show
 * directly: status codes, failure messages, latency by number of active threads, and the working
 * period apart from the logins ({@link #working()}, {@link #logins()}).
 *
 * <p>Reads the header line to find its columns, so the column order of {@code jmeter.properties}
 * does not matter; needs {@code elapsed}, {@code responseCode}, {@code success}, and for the band
 * table {@code allThreads}. Quoted fields (with commas, quotes or line breaks) are handled.
 * Not thread-safe; use once.
 */
public final class Jtl {

    private final Map<String, Long> codes = new HashMap<>();
    private final Map<String, Long> failureMessages = new HashMap<>();
    private final Map<Integer, List<Integer>> elapsedByThreads = new HashMap<>();
    private final Map<Integer, Long> failuresByThreads = new HashMap<>();
    private final Period.Builder working = new Period.Builder();
    private final Period.Builder logins = new Period.Builder();
    private long samples;

    private Jtl() {
    }

    /** Reads every sample of {@code csv}. */
    public static Jtl read(Path csv) throws IOException {
        Jtl jtl = new Jtl();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> header = CsvRecords.next(in);
            if (header == null) {
                return jtl;
            }
            int elapsed = header.indexOf("elapsed");
            int code = header.indexOf("responseCode");
            int success = header.indexOf("success");
            int message = header.indexOf("failureMessage");
            int threads = header.indexOf("allThreads");
            int label = header.indexOf("label");
            int timeStamp = header.indexOf("timeStamp");
            if (elapsed < 0 || code < 0 || success < 0) {
                throw new IOException(csv + " lacks elapsed/responseCode/success columns: " + header);
            }
            for (List<String> r = CsvRecords.next(in); r != null; r = CsvRecords.next(in)) {
                if (r.size() < header.size()) {
                    continue; // a line cut short when JMeter was killed
                }
                String failure = (label < 0 ? "" : r.get(label) + ": ") + (message < 0 ? "" : r.get(message));
                jtl.add(Integer.parseInt(r.get(elapsed)), r.get(code), Boolean.parseBoolean(r.get(success)),
                        failure, threads < 0 ? 0 : Integer.parseInt(r.get(threads)));
                boolean login = label >= 0 && isLogin(r.get(label));
                (login ? jtl.logins : jtl.working).add(timeStamp < 0 ? 0 : Long.parseLong(r.get(timeStamp)),
                        Integer.parseInt(r.get(elapsed)), Boolean.parseBoolean(r.get(success)));
            }
        }
        return jtl;
    }

    private void add(int elapsedMs, String code, boolean ok, String failureMessage, int activeThreads) {
        samples++;
        codes.merge(code, 1L, Long::sum);
        elapsedByThreads.computeIfAbsent(activeThreads, t -> new ArrayList<>()).add(elapsedMs);
        if (!ok) {
            failuresByThreads.merge(activeThreads, 1L, Long::sum);
            String key = failureMessage.endsWith(": ") || failureMessage.isBlank()
                    ? failureMessage + "HTTP " + code : failureMessage.strip();
            failureMessages.merge(key.length() > 160 ? key.substring(0, 160) + "…" : key, 1L, Long::sum);
        }
    }

    public long samples() {
        return samples;
    }

    /** A login: users log in once and then work, so a run's logins are reported and gated apart. */
    static boolean isLogin(String label) {
        return label.startsWith("POST /auth/login");
    }

    /** Every sample but the logins: the period in which users work. */
    public Period working() {
        return working.build();
    }

    /** The logins alone (a login told to come back later by Retry-After and then retried is one sample). */
    public Period logins() {
        return logins.build();
    }

    /** How many samples got each response code ("429", "200", or JMeter's text for a connect error). */
    public Map<String, Long> codes() {
        return Map.copyOf(codes);
    }

    /** "label: failure message" (assertion or HTTP) of the failed samples, with their counts. */
    public Map<String, Long> failureMessages() {
        return Map.copyOf(failureMessages);
    }

    /**
     * Samples grouped into {@code bands} bands of active-thread counts (1..max), each with its error
     * rate and p95; bands without samples are left out.
     */
    public List<Band> bands(int bands) {
        int max = elapsedByThreads.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        int width = Math.max(1, (max + bands - 1) / Math.max(1, bands));
        Map<Integer, List<Integer>> elapsed = new HashMap<>();
        Map<Integer, Long> failures = new HashMap<>();
        elapsedByThreads.forEach((threads, times) ->
                elapsed.computeIfAbsent(band(threads, width), b -> new ArrayList<>()).addAll(times));
        failuresByThreads.forEach((threads, n) -> failures.merge(band(threads, width), n, Long::sum));
        List<Band> result = new ArrayList<>();
        elapsed.keySet().stream().sorted().forEach(b -> {
            List<Integer> times = elapsed.get(b);
            times.sort(null);
            long failed = failures.getOrDefault(b, 0L);
            result.add(new Band(b * width - width + 1, b * width, times.size(),
                    100.0 * failed / times.size(), percentile(times, 95)));
        });
        return result;
    }

    private static int band(int threads, int width) {
        return Math.max(1, (threads + width - 1) / width);
    }

    static int percentile(List<Integer> sorted, double pct) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(pct / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, index)));
    }

    /**
     * Figures of a set of samples; {@code throughput} is samples per second between the first start and
     * the last end (0 when the file has no timeStamp column).
     */
    public record Period(long samples, long errors, double errorPct, double throughput, int p50Ms, int p95Ms,
                         int p99Ms) {

        private static final class Builder {
            private final List<Integer> elapsed = new ArrayList<>();
            private long errors;
            private long first = Long.MAX_VALUE;
            private long last = Long.MIN_VALUE;

            void add(long startMs, int elapsedMs, boolean ok) {
                elapsed.add(elapsedMs);
                errors += ok ? 0 : 1;
                first = Math.min(first, startMs);
                last = Math.max(last, startMs + elapsedMs);
            }

            Period build() {
                List<Integer> sorted = new ArrayList<>(elapsed);
                sorted.sort(null);
                int n = sorted.size();
                double seconds = n == 0 || first <= 0 ? 0 : Math.max(1, last - first) / 1000.0;
                return new Period(n, errors, n == 0 ? 0 : 100.0 * errors / n, seconds == 0 ? 0 : n / seconds,
                        percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
            }
        }
    }

    /** Samples taken while fromThreads..toThreads threads were active. */
    public record Band(int fromThreads, int toThreads, long samples, double errorPct, int p95Ms) {
    }
}
