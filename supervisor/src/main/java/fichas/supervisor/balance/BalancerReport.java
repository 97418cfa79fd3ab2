package fichas.supervisor.balance;

import fichas.balancer.BalancerSnapshot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the balancer child tells the supervisor about itself, a few times a second, over the control channel
 * ({@code POST /balancer/report}): its pid and port, the sequence number of the last stdin command it applied
 * ({@code drain}/{@code admit}), each backend's state, requests in flight and requests sent, and the id of the
 * backend that takes every write ({@code writer}; null while the balancer does not route writes to one). Immutable.
 */
public record BalancerReport(long pid, int port, long applied, Map<String, Backend> backends, String writer) {
    public BalancerReport {
        backends = backends == null ? Map.of() : Map.copyOf(backends);
    }

    /** @param state the balancer's {@code BackendStatus} name: UP, DOWN, DRAINING... */
    public record Backend(String state, int inFlight, long requests) {
    }

    static BalancerReport of(long pid, int port, long applied, BalancerSnapshot snapshot, String writer) {
        Map<String, Backend> backends = new LinkedHashMap<>();
        snapshot.backends().forEach((id, b) -> backends.put(id, new Backend(b.state().name(), b.inFlight(), b.requests())));
        return new BalancerReport(pid, port, applied, backends, writer);
    }
}
