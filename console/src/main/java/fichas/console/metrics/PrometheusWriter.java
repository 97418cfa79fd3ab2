package fichas.console.metrics;

import java.util.HashSet;
import java.util.Set;

/**
 * Writes the Prometheus text format 0.0.4 by hand: a family's {@code # HELP} and {@code # TYPE} come once,
 * before its first sample; label values are escaped. Refuses a sample of an undeclared family and a
 * repeated series, so a mistake in the caller fails the tests instead of confusing a scraper. Not
 * thread-safe: one writer per response.
 */
public final class PrometheusWriter {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> families = new HashSet<>();
    private final Set<String> series = new HashSet<>();

    /** Declares a family: {@code type} is counter, gauge or histogram. */
    public PrometheusWriter family(String name, String type, String help) {
        if (!families.add(name)) {
            throw new IllegalStateException("metric family " + name + " declared twice");
        }
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /**
     * One sample of a declared family; {@code labels} alternate name and value. For a histogram family
     * the sample name carries the suffix ({@code _bucket}, {@code _sum}, {@code _count}).
     */
    public PrometheusWriter sample(String family, String suffix, double value, String... labels) {
        if (!families.contains(family)) {
            throw new IllegalStateException("metric family " + family + " not declared");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must come in name, value pairs");
        }
        StringBuilder line = new StringBuilder(64).append(family).append(suffix);
        if (labels.length > 0) {
            line.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            line.append('}');
        }
        if (!series.add(line.toString())) {
            throw new IllegalStateException("series " + line + " written twice");
        }
        out.append(line).append(' ').append(format(value)).append('\n');
        return this;
    }

    public PrometheusWriter sample(String family, double value, String... labels) {
        return sample(family, "", value, labels);
    }

    public String text() {
        return out.toString();
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A sample value as the text format writes it: integers without a fraction, NaN, +Inf, -Inf. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
