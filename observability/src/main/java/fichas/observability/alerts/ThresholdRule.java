package fichas.observability.alerts;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A rule that breaches while its probe reads a value strictly greater than {@code threshold}, and raises an alert
 * once it has breached continuously for at least {@code window} ({@link Duration#ZERO}: at the first breach).
 *
 * <p>Validated on construction: every field non-null, {@code name} matches {@code [a-z0-9_]+} (it becomes a metric
 * label and part of URLs), {@code threshold} is a number, {@code window} is not negative.
 */
public record ThresholdRule(String name, String description, Severity severity, double threshold, Duration window,
                            MetricProbe probe) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

    public ThresholdRule {
        requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must match [a-z0-9_]+, but was '" + name + "'");
        }
        requireNonNull(description, "description");
        requireNonNull(severity, "severity");
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must be a number, but was NaN (rule " + name + ")");
        }
        requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must be >= 0, but was " + window + " (rule " + name + ")");
        }
        requireNonNull(probe, "probe");
    }

    /** True when {@code value} breaches this rule. NaN never breaches. */
    boolean breachedBy(double value) {
        return value > threshold;
    }

    private static void requireNonNull(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
    }
}
