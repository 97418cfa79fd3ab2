package fichas.supervisor.balance;

import fichas.balancer.Backend;
import fichas.balancer.BackendStatus;
import fichas.balancer.Balancer;
import fichas.balancer.BalancerConfig;
import fichas.balancer.BalancerListener;
import fichas.balancer.BalancerSnapshot;
import fichas.balancer.admin.SupervisorView;
import fichas.supervisor.SupervisorException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TrafficGate} over the real {@code fichas.balancer.Balancer}, in this JVM. Requests per second are
 * the difference of the balancer's request counters between two status calls at least a second apart.
 */
public final class EmbeddedBalancer implements TrafficGate {
    private static final long MIN_SAMPLE_NANOS = 1_000_000_000L;

    private final Balancer balancer;
    private Map<String, Long> lastCounts = Map.of();
    private long lastSampleNanos = System.nanoTime();
    private Map<String, Double> lastRates = Map.of();

    private EmbeddedBalancer(Balancer balancer) {
        this.balancer = balancer;
    }

    /**
     * A factory over the balancer's own configuration ({@code FICHAS_BALANCER_*}, {@code FICHAS_RATELIMIT_*},
     * {@code FICHAS_ALERT_*}), read and validated now, so a bad value fails before any instance starts. The
     * admin routes check tokens in {@code database} (the instances' {@code fichas.db}) unless
     * {@code FICHAS_BALANCER_DATABASE} names another file.
     */
    public static TrafficGateFactory factory(Map<String, String> environment, Path database) {
        Map<String, String> env = new HashMap<>(environment);
        if (env.getOrDefault("FICHAS_BALANCER_DATABASE", "").isBlank()) {
            env.put("FICHAS_BALANCER_DATABASE", database.toString());
        }
        BalancerConfig config = BalancerConfig.fromEnvironment(env);
        return new TrafficGateFactory() {
            @Override
            public TrafficGate start(List<BackendAddress> backends, BackendEvents events, SupervisorView supervisor) {
                List<Backend> list = backends.stream().map(b -> new Backend(b.id(), b.host(), b.port())).toList();
                return new EmbeddedBalancer(Balancer.start(config, list, listener(events), supervisor));
            }

            @Override
            public void checkAvailable() {
                requireFree(config.bindAddress(), config.port());
            }
        };
    }

    private static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new SupervisorException("balancer port " + port + " (FICHAS_BALANCER_PORT) on " + host
                    + " is not available: " + e.getMessage());
        }
    }

    private static BalancerListener listener(BackendEvents events) {
        return new BalancerListener() {
            @Override
            public void backendDown(String backendId) {
                events.backendDown(backendId);
            }

            @Override
            public void backendUp(String backendId) {
                events.backendUp(backendId);
            }
        };
    }

    @Override
    public int port() {
        return balancer.port();
    }

    @Override
    public void drain(String id) {
        balancer.drain(id);
    }

    @Override
    public boolean awaitDrained(String id, Duration timeout) {
        return balancer.awaitDrained(id, timeout);
    }

    @Override
    public void admit(String id) {
        balancer.admit(id);
    }

    @Override
    public boolean awaitUp(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (balancer.snapshot().backend(id).state() != BackendStatus.UP) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public synchronized Map<String, Double> requestsPerSecond() {
        long now = System.nanoTime();
        if (now - lastSampleNanos < MIN_SAMPLE_NANOS && !lastRates.isEmpty()) {
            return lastRates;
        }
        BalancerSnapshot snapshot = balancer.snapshot();
        double seconds = (now - lastSampleNanos) / 1e9;
        Map<String, Long> counts = new HashMap<>();
        Map<String, Double> rates = new HashMap<>();
        snapshot.backends().forEach((id, b) -> {
            counts.put(id, b.requests());
            rates.put(id, (b.requests() - lastCounts.getOrDefault(id, 0L)) / seconds);
        });
        lastCounts = counts;
        lastSampleNanos = now;
        lastRates = rates;
        return rates;
    }

    @Override
    public void close() {
        balancer.close();
    }
}
