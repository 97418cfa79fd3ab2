package fichas.instance.monitoring;

/** Numbers for JSON answers: rounded to a few digits, and null where JSON has no value (NaN, infinity). */
final class JsonNumbers {
    private JsonNumbers() {
    }

    /** A sampled metric's value: a whole number for the counts and sizes of {@link MetricNames#WHOLE}. */
    static Number metric(String name, double value) {
        if (MetricNames.WHOLE.contains(name) && Double.isFinite(value)) {
            return Math.round(value);
        }
        return round(value, 4);
    }

    static Double round(double value, int digits) {
        if (!Double.isFinite(value)) {
            return null;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
