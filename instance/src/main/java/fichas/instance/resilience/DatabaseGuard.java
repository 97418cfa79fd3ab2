package fichas.instance.resilience;

import fichas.instance.config.ResilienceConfig;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands between a request and the database: a bulkhead per direction (so a slow query can
 * hold at most {@code readConcurrency} worker threads; the others get 503 after a short wait, not
 * a hang) and one circuit breaker (so a database that fails persistently — I/O error, disk full,
 * unreadable file — is answered with a fast 503 + Retry-After instead of piling up requests).
 *
 * <p>Only failures that {@code isFailure} accepts count against the circuit: a constraint
 * violation or a 404 is the caller's business, not the database's health. The open state ends
 * on its own: after {@code circuitOpen} the next calls are trial calls (half-open). Time comes from
 * the injected clock. Thread-safe; the wrapped calls block on the caller's thread.
 */
public final class DatabaseGuard {
    private static final Logger log = LoggerFactory.getLogger(DatabaseGuard.class);

    private final CircuitBreakerRegistry circuits;
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final CircuitBreaker circuit;
    private final Bulkhead reads;
    private final Bulkhead writes;
    private final Clock clock;
    private final Duration openFor;
    private final AtomicLong rejected = new AtomicLong();
    private volatile Instant openedAt = Instant.EPOCH;

    public DatabaseGuard(ResilienceConfig config, Predicate<Throwable> isFailure, Clock clock) {
        this.clock = clock;
        this.openFor = config.circuitOpen();
        CircuitBreakerConfig circuitConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(config.circuitFailureRate())
                .minimumNumberOfCalls(config.circuitMinCalls())
                .slidingWindowSize(Math.max(config.circuitMinCalls(), 20))
                .waitDurationInOpenState(config.circuitOpen())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(isFailure)
                .clock(clock)
                .build();
        // The registry lets the tagged metrics find the breaker.
        this.circuits = CircuitBreakerRegistry.of(circuitConfig);
        this.circuit = circuits.circuitBreaker("database", circuitConfig);
        circuit.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
                log.warn("database circuit OPEN after persistent failures: answering 503 for {} ms", openFor.toMillis());
            } else {
                log.info("database circuit {}", event.getStateTransition().getToState());
            }
        });
        this.reads = bulkhead(bulkheads, "database-reads", config.readConcurrency(), config.bulkheadWait());
        this.writes = bulkhead(bulkheads, "database-writes", config.writeConcurrency(), config.bulkheadWait());
    }

    /** Runs a read under the read bulkhead and the circuit breaker. */
    public <T> T read(Supplier<T> call) {
        return guarded(reads, call);
    }

    /** Runs a write under the write bulkhead and the circuit breaker. */
    public <T> T write(Supplier<T> call) {
        return guarded(writes, call);
    }

    /**
     * Runs a health probe under the circuit breaker only: a saturated instance is busy, not down,
     * and a full bulkhead must not make the balancer drop it; an open circuit must.
     */
    public <T> T probe(Supplier<T> call) {
        return guarded(null, call);
    }

    private <T> T guarded(Bulkhead bulkhead, Supplier<T> call) {
        try {
            Supplier<T> protectedCall = CircuitBreaker.decorateSupplier(circuit, call);
            return bulkhead == null ? protectedCall.get() : Bulkhead.decorateSupplier(bulkhead, protectedCall).get();
        } catch (CallNotPermittedException e) {
            rejected.incrementAndGet();
            throw new Rejected("the database circuit is open after repeated failures", retryAfterSeconds());
        } catch (BulkheadFullException e) {
            rejected.incrementAndGet();
            throw new Rejected("too many requests are waiting for the database", 1);
        }
    }

    /** Seconds until the open circuit lets trial calls through; at least 1. */
    int retryAfterSeconds() {
        Duration left = openFor.minus(Duration.between(openedAt, clock.instant()));
        return (int) Math.max(1, (left.toMillis() + 999) / 1000);
    }

    /** True while the circuit refuses calls; {@code /health} reports DOWN then. */
    public boolean isOpen() {
        CircuitBreaker.State state = circuit.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    public Stats stats() {
        CircuitBreaker.Metrics metrics = circuit.getMetrics();
        return new Stats(circuit.getState().name(), metrics.getNumberOfFailedCalls(), rejected.get(),
                reads.getMetrics().getAvailableConcurrentCalls(), writes.getMetrics().getAvailableConcurrentCalls());
    }

    /** Publishes the circuit breaker and both bulkheads (Resilience4j's tagged metrics) to {@code metrics}. */
    public void bindTo(MeterRegistry metrics) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuits).bindTo(metrics);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(metrics);
    }

    private static Bulkhead bulkhead(BulkheadRegistry registry, String name, int size, Duration wait) {
        return registry.bulkhead(name, BulkheadConfig.custom().maxConcurrentCalls(size).maxWaitDuration(wait).build());
    }

    /** A snapshot for monitoring. */
    public record Stats(String circuit, int failedCallsInWindow, long rejectedCalls, int freeReadSlots,
                        int freeWriteSlots) {
    }

    /** The guard refused the call without running it; answered as 503 with {@code Retry-After}. */
    public static final class Rejected extends RuntimeException {
        private final int retryAfterSeconds;

        Rejected(String message, int retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
