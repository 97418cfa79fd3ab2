package fichas.supervisor.balance;

import fichas.supervisor.child.Child;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the supervisor needs from the balancer in front of its instances. Backends are named by instance id
 * (the port as text). The balancer runs as a supervised child JVM of its own ({@link BalancerProcess});
 * {@link #none()} is for running without a balancer (tests, debugging one instance).
 */
public interface TrafficGate extends AutoCloseable {
    /** The port clients use, or -1 without a balancer. */
    int port();

    /** Stop sending new requests to this backend. */
    void drain(String id);

    /** Waits until the backend has no request in flight; false on timeout. */
    boolean awaitDrained(String id, Duration timeout) throws InterruptedException;

    /** Send requests to this backend again. */
    void admit(String id);

    /** Waits until the balancer routes to this backend again (its own checks passed); false on timeout. */
    boolean awaitUp(String id, Duration timeout) throws InterruptedException;

    /** Recent requests per second by backend id; empty when unknown. */
    Map<String, Double> requestsPerSecond();

    /** The id of the backend that takes every write now; null with round-robin writes, none up, or unknown. */
    default String writer() {
        return null;
    }

    /** The balancer's own process, when it runs as a supervised child: for {@code status} and {@code restart balancer}. */
    default Optional<Child> process() {
        return Optional.empty();
    }

    /** A state report from the balancer process (over the control endpoint); ignored by gates without one. */
    default void report(BalancerReport report) {
    }

    @Override
    void close();

    static TrafficGate none() {
        return new TrafficGate() {
            @Override
            public int port() {
                return -1;
            }

            @Override
            public void drain(String id) {
            }

            @Override
            public boolean awaitDrained(String id, Duration timeout) {
                return true;
            }

            @Override
            public void admit(String id) {
            }

            @Override
            public boolean awaitUp(String id, Duration timeout) {
                return true;
            }

            @Override
            public Map<String, Double> requestsPerSecond() {
                return Map.of();
            }

            @Override
            public void close() {
            }
        };
    }
}
