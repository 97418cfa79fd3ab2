package fichas.supervisor.config;

import fichas.core.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SupervisorConfigTest {
    private static SupervisorConfig load(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("FICHAS_HOME", "/srv/fichas");
        return SupervisorConfig.load(Settings.of(all));
    }

    @Test
    void defaultsMatchTheDocumentation() {
        SupervisorConfig c = load(Map.of());
        assertThat(c.instances().count()).isEqualTo(3);
        assertThat(c.instances().basePort()).isEqualTo(8000);
        assertThat(c.instances().heap()).isEqualTo("256m");
        assertThat(c.instances().jar()).isEqualTo(Path.of("/srv/fichas/instance/target/fichas-instance.jar"));
        assertThat(c.paths().dataDir()).isEqualTo(Path.of("/srv/fichas/data"));
        assertThat(c.paths().logDir()).isEqualTo(Path.of("/srv/fichas/logs"));
        assertThat(c.control().port()).isEqualTo(9099);
        assertThat(c.restart()).isEqualTo(RestartConfig.defaults());
        assertThat(c.balancer().enabled()).isTrue();
    }

    @Test
    void instanceCountOutOfRangeIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_INSTANCES", "0")))
                .hasMessage("FICHAS_INSTANCES must be between 1 and 16, but was 0");
    }

    @Test
    void aBalancerOnlyNodeRunsNoInstanceAndServesTheListedBackendsNamedByHostAndPort() {
        SupervisorConfig c = load(Map.of("FICHAS_NODE_MODE", "balancer",
                "FICHAS_BACKENDS", "192.168.0.2:8000, 192.168.0.3:8000,127.0.0.1:8005"));
        assertThat(c.localInstances()).isZero();
        assertThat(c.balancer().enabled()).isTrue();
        assertThat(c.node().remoteBackends()).extracting(b -> b.id()).containsExactly(
                "192.168.0.2:8000", "192.168.0.3:8000", "8005");
        assertThat(c.describe(Settings.of(Map.of()))).containsEntry("FICHAS_NODE_MODE", "balancer");
    }

    @Test
    void anInstancesOnlyNodeRunsNoBalancer() {
        SupervisorConfig c = load(Map.of("FICHAS_NODE_MODE", "instances", "FICHAS_BIND_ADDRESS", "192.168.0.2"));
        assertThat(c.localInstances()).isEqualTo(3);
        assertThat(c.balancer().enabled()).isFalse();
        assertThat(c.instances().probeHost()).isEqualTo("192.168.0.2");
    }

    @Test
    void nodeModesAreCheckedNamingTheKeys() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_NODE_MODE", "both")))
                .hasMessageContaining("FICHAS_NODE_MODE must be all, instances or balancer");
        assertThatThrownBy(() -> load(Map.of("FICHAS_NODE_MODE", "balancer")))
                .hasMessageContaining("FICHAS_BACKENDS must list the instances");
        assertThatThrownBy(() -> load(Map.of("FICHAS_NODE_MODE", "instances", "FICHAS_BACKENDS", "h:8000")))
                .hasMessageContaining("FICHAS_BACKENDS is for a node that runs the balancer");
        assertThatThrownBy(() -> load(Map.of("FICHAS_BACKENDS", "hostonly")))
                .hasMessageContaining("FICHAS_BACKENDS must list host:port pairs");
    }

    @Test
    void theDatabasePasswordIsNeverPrinted() {
        Settings s = Settings.of(Map.of("FICHAS_HOME", "/srv/fichas", "FICHAS_DB_PASSWORD", "hunter2-secret"));
        assertThat(SupervisorConfig.load(s).describe(s).toString()).doesNotContain("hunter2-secret")
                .contains("FICHAS_DB_PASSWORD=****");
    }

    @Test
    void nonNumbersAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_BASE_PORT", "eight thousand")))
                .hasMessage("FICHAS_BASE_PORT must be an integer, but was 'eight thousand'");
    }

    @Test
    void theInitialHeapAndYoungGenerationMustFitInTheHeapTheyAreGiven() {
        assertThat(load(Map.of()).instances().jvmOptions()).contains("-Xms48m", "-Xmn16m");
        assertThat(load(Map.of("FICHAS_INSTANCE_HEAP", "48m")).instances().heap()).isEqualTo("48m");
        assertThatThrownBy(() -> load(Map.of("FICHAS_INSTANCE_HEAP", "32m")))
                .hasMessage("FICHAS_INSTANCE_JVM_OPTS has -Xms48m, which does not fit in the heap of 32m"
                        + " (FICHAS_INSTANCE_HEAP): the initial heap cannot be larger than the heap; lower it or raise"
                        + " FICHAS_INSTANCE_HEAP");
        assertThatThrownBy(() -> load(Map.of("FICHAS_INSTANCE_HEAP", "1g", "FICHAS_INSTANCE_JVM_OPTS", "-Xmn1024M")))
                .hasMessageStartingWith("FICHAS_INSTANCE_JVM_OPTS has -Xmn1024M, which does not fit in the heap of 1g")
                .hasMessageContaining("the young generation must be smaller than the heap");
        assertThatThrownBy(() -> load(Map.of("FICHAS_BALANCER_HEAP", "32m")))
                .hasMessageStartingWith("FICHAS_BALANCER_JVM_OPTS has -Xms64m, which does not fit in the heap of 32m");
        assertThat(load(Map.of("FICHAS_INSTANCE_HEAP", "32m", "FICHAS_INSTANCE_JVM_OPTS", "-XX:+UseSerialGC"))
                .instances().jvmOptions()).containsExactly("-XX:+UseSerialGC");
    }

    @Test
    void heapMustCarryAUnit() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_INSTANCE_HEAP", "256")))
                .hasMessage("FICHAS_INSTANCE_HEAP must look like 256m or 1g, but was '256'");
    }

    @Test
    void durationsNeedAUnit() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_STOP_TIMEOUT", "10")))
                .hasMessage("FICHAS_STOP_TIMEOUT must be a duration like 500ms, 10s or 5m, but was '10'");
        assertThat(load(Map.of("FICHAS_STOP_TIMEOUT", "750ms")).stop().graceful()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void maximumBackoffBelowTheInitialIsRejected() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_RESTART_BACKOFF", "2s", "FICHAS_RESTART_BACKOFF_MAX", "1s")))
                .hasMessage("FICHAS_RESTART_BACKOFF_MAX must be at least FICHAS_RESTART_BACKOFF (2.0 s), but was 1.0 s");
    }

    @Test
    void controlPortMustNotCollideWithAnInstancePort() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_CONTROL_PORT", "8001")))
                .hasMessageContaining("FICHAS_CONTROL_PORT must not be one of the instance ports 8000-8002");
    }

    @Test
    void systemPropertiesWorkAndWinOverTheEnvironment() {
        Properties props = new Properties();
        props.setProperty("fichas.instances", "5");
        props.setProperty("fichas.base.port", "7000");
        Settings s = Settings.of(Map.of("FICHAS_HOME", "/x", "FICHAS_BASE_PORT", "8100"), props);
        SupervisorConfig c = SupervisorConfig.load(s);
        assertThat(c.instances().count()).isEqualTo(5);
        assertThat(c.instances().basePort()).isEqualTo(7000);
    }

    @Test
    void theAdminPasswordIsMaskedWhenTheConfigurationIsPrinted() {
        Settings s = Settings.of(Map.of("FICHAS_HOME", "/x", "FICHAS_ADMIN_PASSWORD", "s3cret!"));
        Map<String, Object> printed = SupervisorConfig.load(s).describe(s);
        assertThat(printed).containsEntry("FICHAS_ADMIN_PASSWORD", "****");
        assertThat(printed.values().toString()).doesNotContain("s3cret!");
        assertThat(printed).containsKeys("FICHAS_INSTANCES", "FICHAS_BASE_PORT", "FICHAS_CONTROL_PORT", "FICHAS_DATA_DIR");
    }
}
