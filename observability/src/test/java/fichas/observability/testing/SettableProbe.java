package fichas.observability.testing;

import fichas.observability.alerts.MetricProbe;
import java.util.OptionalDouble;

/** A probe that reads whatever the test last set; starts with no data. Thread-safe. */
public final class SettableProbe implements MetricProbe {

    private volatile OptionalDouble value = OptionalDouble.empty();

    public void set(double newValue) {
        value = OptionalDouble.of(newValue);
    }

    public void noData() {
        value = OptionalDouble.empty();
    }

    @Override
    public OptionalDouble read() {
        return value;
    }
}
