package fichas.instance;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.InstanceProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance jar as a process: exit codes, the stdin control channel, and what reaches its logs. */
class InstanceProcessIT {
    @TempDir
    Path dataDir;

    @Test
    void a_bad_port_exits_2_with_one_line_naming_the_key_before_binding() throws Exception {
        InstanceProcess instance = InstanceProcess.launch(dataDir, Map.of("FICHAS_PORT", "70000"));

        assertThat(instance.waitForExit(Duration.ofSeconds(20))).isEqualTo(2);
        assertThat(instance.output().strip()).isEqualTo(
                "fichas instance: FICHAS_PORT must be between 0 and 65535, but was 70000");
        assertThat(dataDir.resolve("fichas.db")).doesNotExist();
    }

    @Test
    void an_unwritable_data_dir_exits_2_naming_the_key() throws Exception {
        Path file = Files.writeString(dataDir.resolve("plain-file"), "x");
        InstanceProcess instance = InstanceProcess.launch(dataDir, Map.of("FICHAS_DATA_DIR", file.resolve("d").toString(),
                "FICHAS_LOG_DIR", dataDir.resolve("logs").toString()));

        assertThat(instance.waitForExit(Duration.ofSeconds(20))).isEqualTo(2);
        assertThat(instance.output()).startsWith("fichas instance: FICHAS_DATA_DIR must be a writable directory");
    }

    @Test
    void a_port_held_by_another_program_exits_3_naming_the_port() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = squatter.getLocalPort();
            InstanceProcess instance = InstanceProcess.launch(dataDir, Map.of("FICHAS_PORT", Integer.toString(port)));

            assertThat(instance.waitForExit(Duration.ofSeconds(30))).isEqualTo(3);
            assertThat(instance.output()).contains("port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void a_stop_line_on_stdin_stops_gracefully_and_the_admin_password_never_reaches_a_log() throws Exception {
        InstanceProcess instance = InstanceProcess.start(dataDir, Map.of("FICHAS_ADMIN_PASSWORD", "never-log-me-42"));
        instance.client().login("admin", "never-log-me-42");
        instance.client().post("/auth/login", Map.of("username", "admin", "password", "wrong-never-log-me-42"));

        instance.process().getOutputStream().write("stop\n".getBytes());
        instance.process().getOutputStream().flush();

        assertThat(instance.waitForExit(Duration.ofSeconds(20))).isZero();
        assertThat(instance.output()).as("supervised stdout: warnings only").doesNotContain("never-log-me-42")
                .doesNotContain("\"path\":\"/auth/login\"");
        try (Stream<Path> logs = Files.list(dataDir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain("never-log-me-42");
            }
        }
        assertThat(Files.readString(dataDir.resolve("logs").resolve("instance-" + instance.port() + ".log")))
                .contains("FICHAS_ADMIN_PASSWORD=******")
                .contains("\"path\":\"/auth/login\"").contains("\"status\":401")
                .contains("\"message\":\"instance " + instance.port() + " stopped\"");
    }

    @Test
    void a_standby_binds_nothing_and_opens_no_database_until_told_to_take_an_id_and_port() throws Exception {
        int port = fichas.instance.testing.FreePorts.next();
        InstanceProcess standby = InstanceProcess.launch(dataDir, Map.of("FICHAS_STANDBY", "true",
                "FICHAS_PORT", Integer.toString(port)));
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> standby.process().isAlive() && !Files.exists(dataDir.resolve("fichas.db")));
        try (java.net.Socket probe = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> probe.connect(
                    new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500))
                    .isInstanceOf(java.io.IOException.class);
        }

        standby.process().getOutputStream().write(("take t1 " + port + "\n").getBytes());
        standby.process().getOutputStream().flush();

        standby.awaitHealthy(Duration.ofSeconds(30));
        assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body()).contains("\"instance\":\"t1\"");
        assertThat(Files.readString(dataDir.resolve("logs").resolve("instance-t1.log")))
                .contains("\"message\":\"instance t1 listening on 127.0.0.1:" + port + "\"");
        // after the take-over stdin is the instance's control channel as usual
        standby.process().getOutputStream().write("stop\n".getBytes());
        standby.process().getOutputStream().flush();
        assertThat(standby.waitForExit(Duration.ofSeconds(20))).isZero();
    }

    @Test
    void a_standby_ends_with_its_stdin() throws Exception {
        InstanceProcess standby = InstanceProcess.launch(dataDir, Map.of("FICHAS_STANDBY", "true"));

        standby.process().getOutputStream().close();

        assertThat(standby.waitForExit(Duration.ofSeconds(20))).isZero();
        assertThat(dataDir.resolve("fichas.db")).doesNotExist();
    }

    @Test
    void the_end_of_stdin_stops_the_instance_within_five_seconds() throws Exception {
        InstanceProcess instance = InstanceProcess.start(dataDir, Map.of());

        instance.process().getOutputStream().close();

        assertThat(instance.waitForExit(Duration.ofSeconds(5))).isZero();
    }

    @Test
    void sigterm_stops_gracefully_with_a_checkpointed_wal() throws Exception {
        InstanceProcess instance = InstanceProcess.start(dataDir, Map.of("FICHAS_SUPERVISED", "false"));
        instance.client().login("admin", fichas.instance.testing.RunningInstance.ADMIN_PASSWORD)
                .post("/clientes", Map.of("nome", "antes do fim"));

        instance.process().destroy();

        assertThat(instance.waitForExit(Duration.ofSeconds(20))).as("128 + SIGTERM").isEqualTo(143);
        assertThat(instance.output()).contains("\"message\":\"instance " + instance.port() + " stopped\"");
        Path wal = dataDir.resolve("fichas.db-wal");
        assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("WAL truncated by the final checkpoint").isTrue();
    }
}
