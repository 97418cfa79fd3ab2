package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BalancerMainTest {

    @Test
    void backendsComeFromACommaSeparatedHostPortList() {
        assertThat(BalancerMain.parseBackends(BalancerMain.DEFAULT_BACKENDS)).containsExactly(
                new Backend("8000", "127.0.0.1", 8000), new Backend("8001", "127.0.0.1", 8001),
                new Backend("8002", "127.0.0.1", 8002));
        // another host's instance is named host:port, so two hosts' instances on one port stay apart
        assertThat(BalancerMain.parseBackends("10.0.0.5:9001,10.0.0.6:9001")).isEqualTo(List.of(
                new Backend("10.0.0.5:9001", "10.0.0.5", 9001), new Backend("10.0.0.6:9001", "10.0.0.6", 9001)));
        assertThat(BalancerMain.parseBackends("8001@192.168.0.5:8001")).isEqualTo(List.of(
                new Backend("8001", "192.168.0.5", 8001)));
        assertThatThrownBy(() -> BalancerMain.parseBackends(" ")).hasMessageContaining("FICHAS_BACKENDS");
    }

    @Test
    void startRefusesDuplicateIdsAndAnEmptyList() {
        BalancerConfig config = Fixture.testConfig().build();
        assertThatThrownBy(() -> Balancer.start(config, List.of(), BalancerListener.none()))
                .hasMessage("backends must not be empty");
        Backend a = new Backend("x", "127.0.0.1", 1);
        assertThatThrownBy(() -> Balancer.start(config, List.of(a, a), BalancerListener.none()))
                .hasMessage("backend ids must be distinct, but x repeats");
    }

    @Test
    void aThrowingListenerDoesNotStopTheChecks() throws Exception {
        try (StubBackend stub = new StubBackend("s");
             Balancer balancer = Balancer.start(Fixture.testConfig().build(), List.of(stub.backend()), new BalancerListener() {
                 @Override
                 public void backendDown(String backendId) {
                     throw new IllegalStateException("listener bug");
                 }

                 @Override
                 public void backendUp(String backendId) {
                     throw new IllegalStateException("listener bug");
                 }
             })) {
            stub.failHealth = true;
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> balancer.snapshot().backend("s").state() == BackendStatus.DOWN);
            stub.failHealth = false;
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> balancer.snapshot().backend("s").state() == BackendStatus.UP);
        }
    }
}
