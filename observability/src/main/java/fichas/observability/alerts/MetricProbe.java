package fichas.observability.alerts;

import java.util.OptionalDouble;

/**
 * Reads the current value of one metric for a {@link ThresholdRule}.
 *
 * <p>Called from whichever thread runs {@link AlertEngine#evaluate()}; it should be quick and must not block on I/O
 * for long. An empty result means "no data right now" (for example a hit ratio before the first lookup): the rule
 * neither starts nor continues a breach. An exception is treated the same way, and logged by the engine.
 */
@FunctionalInterface
public interface MetricProbe {
    OptionalDouble read();
}
