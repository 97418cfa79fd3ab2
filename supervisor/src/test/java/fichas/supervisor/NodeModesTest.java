package fichas.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.supervisor.balance.BackendAddress;
import fichas.supervisor.balance.TrafficGate;
import fichas.supervisor.balance.TrafficGateFactory;
import fichas.supervisor.child.ChildState;
import fichas.core.config.Settings;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fichas on several hosts: a balancer-only node serves other hosts' instances ({@code FICHAS_BACKENDS})
 * and starts none of its own; a node running everything adds the listed remote instances to its own.
 */
class NodeModesTest {
    @TempDir
    Path home;
    private Supervisor supervisor;
    private final List<BackendAddress> served = new CopyOnWriteArrayList<>();

    private Supervisor start(Map<String, String> env) throws InterruptedException {
        SupervisorConfig config = SupervisorConfig.load(Settings.of(env));
        TrafficGateFactory gates = (backends, events, view) -> {
            served.addAll(backends);
            return TrafficGate.none();
        };
        supervisor = new Supervisor(config, Clock.systemUTC(), gates, s -> { });
        supervisor.start();
        supervisor.awaitStarted(Duration.ofSeconds(30));
        return supervisor;
    }

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.stop();
        }
    }

    @Test
    void a_balancer_only_node_starts_no_instance_and_serves_the_listed_ones() throws InterruptedException {
        Map<String, String> env = new HashMap<>(TestEnv.env(home, 1));
        env.put("FICHAS_BALANCER_ENABLED", "true");
        env.put("FICHAS_NODE_MODE", "balancer");
        env.put("FICHAS_BACKENDS", "127.0.0.2:8100,127.0.0.3:8100");

        start(env);

        assertThat(supervisor.snapshots()).isEmpty();
        assertThat(served).containsExactly(new BackendAddress("127.0.0.2:8100", "127.0.0.2", 8100),
                new BackendAddress("127.0.0.3:8100", "127.0.0.3", 8100));
    }

    @Test
    void a_full_node_serves_its_own_instances_and_the_remote_ones() throws InterruptedException {
        Map<String, String> env = new HashMap<>(TestEnv.env(home, 1));
        env.put("FICHAS_BALANCER_ENABLED", "true");
        env.put("FICHAS_BACKENDS", "192.0.2.10:8000");

        start(env);

        assertThat(supervisor.snapshots()).hasSize(1);
        assertThat(supervisor.snapshots().get(0).state()).isEqualTo(ChildState.ONLINE);
        int port = Integer.parseInt(env.get("FICHAS_BASE_PORT"));
        assertThat(served).containsExactly(new BackendAddress(Integer.toString(port), "127.0.0.1", port),
                new BackendAddress("192.0.2.10:8000", "192.0.2.10", 8000));
    }
}
