package fichas.jmeter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service-level gates of one run: the highest error rate and the highest p95 it may show.
 * Immutable.
 *
 * @param maxErrorPct highest share of failed samples, in percent (0 = none may fail)
 * @param maxP95Ms    highest 95th percentile in ms: of the working period (every sample but the logins) when
 *                    the run logged in, else of all samples
 */
public record Gates(double maxErrorPct, double maxP95Ms) {

    /** p95 gate of each plan when none is given (-DmaxP95Ms=auto). */
    static final Map<String, Double> DEFAULT_P95_MS = Map.of(
            "smoke", 100.0, "pcs25", 100.0, "load", 200.0, "endurance", 100.0,
            "stress", 500.0, "failover", 1000.0, "shiftstart", 200.0);
    static final double FALLBACK_P95_MS = 500.0;

    public Gates {
        if (!(maxErrorPct >= 0 && maxErrorPct <= 100)) {
            throw new IllegalArgumentException("maxErrorPct must be within 0..100, but was " + maxErrorPct);
        }
        if (!(maxP95Ms > 0)) {
            throw new IllegalArgumentException("maxP95Ms must be > 0, but was " + maxP95Ms);
        }
    }

    /**
     * Gates from the command line's values; {@code "auto"} (or blank) takes the plan's default.
     *
     * @throws IllegalArgumentException naming the value that is not a number
     */
    public static Gates of(String plan, String maxErrorPct, String maxP95Ms) {
        double error = isAuto(maxErrorPct) ? 0.0 : number("maxErrorPct", maxErrorPct);
        double p95 = isAuto(maxP95Ms) ? DEFAULT_P95_MS.getOrDefault(plan, FALLBACK_P95_MS) : number("maxP95Ms", maxP95Ms);
        return new Gates(error, p95);
    }

    /** The gates the run broke, one sentence each; empty when it passed. */
    public List<String> failures(Statistics.Row total) {
        return failures(total, null);
    }

    /**
     * As {@link #failures(Statistics.Row)}, with the p95 gate on {@code working} (the samples without the
     * logins) when it is not null. The error gate always counts every sample, logins included.
     */
    public List<String> failures(Statistics.Row total, Jtl.Period working) {
        List<String> failures = new ArrayList<>();
        if (total.errorPct() > maxErrorPct) {
            failures.add(String.format(Locale.ROOT, "error rate %.3f %% > %s %% (%d of %d samples failed)",
                    total.errorPct(), trim(maxErrorPct), total.errors(), total.samples()));
        }
        if (working != null && working.p95Ms() > maxP95Ms) {
            failures.add(String.format(Locale.ROOT, "p95 %d ms > %s ms (working period, logins apart)",
                    working.p95Ms(), trim(maxP95Ms)));
        } else if (working == null && total.p95Ms() > maxP95Ms) {
            failures.add(String.format(Locale.ROOT, "p95 %.1f ms > %s ms", total.p95Ms(), trim(maxP95Ms)));
        }
        return failures;
    }

    private static boolean isAuto(String value) {
        return value == null || value.isBlank() || "auto".equalsIgnoreCase(value.trim());
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number or \"auto\", but was \"" + value + "\"", e);
        }
    }

    static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
