package fichas.supervisor.cli;

import fichas.supervisor.SupervisorException;
import fichas.core.config.Settings;
import fichas.supervisor.config.SupervisorConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded balancer is configured from -Dfichas.x.y as well as from the environment, like the supervisor. */
class GatesTest {
    private static Settings settings(Properties properties) {
        return Settings.of(Map.of("FICHAS_HOME", "/srv/fichas"), properties);
    }

    @Test
    void theWebhookUrlGivenAsASystemPropertyReachesTheBalancersValidation() {
        Properties p = new Properties();
        p.setProperty("fichas.alert.webhook.url", "ftp://hooks.example/fichas");
        Settings s = settings(p);

        assertThatThrownBy(() -> Gates.factory(SupervisorConfig.load(s), s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(?is).*webhook.*");
    }

    @Test
    void theBalancerPortGivenAsASystemPropertyIsTheOneChecked() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Properties p = new Properties();
            p.setProperty("fichas.balancer.port", Integer.toString(taken.getLocalPort()));
            p.setProperty("fichas.balancer.bind.address", "127.0.0.1");
            Settings s = settings(p);

            assertThatThrownBy(() -> Gates.factory(SupervisorConfig.load(s), s).checkAvailable())
                    .isInstanceOf(SupervisorException.class)
                    .hasMessageStartingWith("balancer port " + taken.getLocalPort() + " (FICHAS_BALANCER_PORT)");
        }
    }
}
