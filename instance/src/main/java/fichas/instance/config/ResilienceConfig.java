package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.time.Duration;

/**
 * How an instance protects itself and its callers from a failing or slow database.
 *
 * @param circuitFailureRate percentage of failed calls (I/O errors, disk full, unreadable file) that opens the circuit
 * @param circuitMinCalls    calls in the sliding window before the rate is judged
 * @param circuitOpen        how long the open circuit answers 503 before letting trial calls through
 * @param readConcurrency    most requests reading the database at once; the rest wait up to {@code bulkheadWait}
 * @param writeConcurrency   most requests waiting for a write at once
 * @param bulkheadWait       how long a request waits for a bulkhead slot before it gets 503
 * @param slowQuery          statements slower than this are logged as WARN
 */
public record ResilienceConfig(int circuitFailureRate, int circuitMinCalls, Duration circuitOpen,
                               int readConcurrency, int writeConcurrency, Duration bulkheadWait,
                               Duration slowQuery) {
    public ResilienceConfig {
        Checks.between("FICHAS_DB_CIRCUIT_FAILURE_RATE", circuitFailureRate, 1, 100);
        Checks.between("FICHAS_DB_CIRCUIT_MIN_CALLS", circuitMinCalls, 1, 1000);
        Checks.atLeast("FICHAS_DB_CIRCUIT_OPEN_MS", circuitOpen.toMillis(), 100);
        Checks.between("FICHAS_DB_READ_CONCURRENCY", readConcurrency, 1, 1024);
        Checks.between("FICHAS_DB_WRITE_CONCURRENCY", writeConcurrency, 1, 10_000);
        Checks.atLeast("FICHAS_DB_BULKHEAD_WAIT_MS", bulkheadWait.toMillis(), 0);
        Checks.atLeast("FICHAS_DB_SLOW_QUERY_MS", slowQuery.toMillis(), 1);
    }

    static ResilienceConfig from(Settings settings) {
        return new ResilienceConfig(settings.integer("fichas.db.circuit.failure.rate"),
                settings.integer("fichas.db.circuit.min.calls"),
                millis(settings, "fichas.db.circuit.open.ms"),
                settings.integer("fichas.db.read.concurrency"),
                settings.integer("fichas.db.write.concurrency"),
                millis(settings, "fichas.db.bulkhead.wait.ms"),
                millis(settings, "fichas.db.slow.query.ms"));
    }

    private static Duration millis(Settings settings, String key) {
        return Duration.ofMillis(settings.longValue(key));
    }
}
