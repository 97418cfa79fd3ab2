package fichas.instance.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Instance fields: a fresh instance per test, stopped (port closed, directory gone) after it. */
@WithInstance(env = "FICHAS_INSTANCE_ID=from-annotation")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceExtensionTest {
    private static final List<RunningInstance> seen = new ArrayList<>();

    RunningInstance instance;
    @Admin
    ApiClient admin;

    @Test
    @Order(1)
    void the_fields_hold_a_running_instance_and_a_logged_in_admin() {
        seen.add(instance);
        assertThat(admin.get("/users").status()).isEqualTo(200);
        assertThat(instance.client().get("/users").status()).isEqualTo(401);
        assertThat(instance.client().get("/health").header("X-Instance")).contains("from-annotation");
    }

    @Test
    @Order(2)
    void the_next_test_gets_another_instance_the_previous_one_being_stopped() {
        RunningInstance previous = seen.get(0);
        seen.add(instance);
        assertThat(instance).isNotSameAs(previous);
        assertThat(instance.dataDir()).isNotEqualTo(previous.dataDir());
        assertStopped(previous);
    }

    @AfterAll
    static void every_instance_is_stopped_and_its_directory_removed() {
        assertThat(seen).hasSize(2);
        seen.forEach(InstanceExtensionTest::assertStopped);
    }

    private static void assertStopped(RunningInstance instance) {
        assertThat(Files.exists(instance.dataDir())).as("data directory of a stopped instance").isFalse();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), instance.port())) {
                socket.getOutputStream().write(1);
            }
        }).isInstanceOf(IOException.class);
    }
}
