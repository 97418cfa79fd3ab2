package fichas.observability.history;

import java.time.Instant;

/** One sampled value of a metric. {@code at} is non-null; {@code value} may be NaN ("no data"). */
public record Sample(Instant at, double value) {

    public Sample {
        if (at == null) {
            throw new IllegalArgumentException("at must not be null");
        }
    }
}
