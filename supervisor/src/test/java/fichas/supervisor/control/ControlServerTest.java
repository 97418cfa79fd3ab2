package fichas.supervisor.control;

import fichas.supervisor.status.SupervisorStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class ControlServerTest {
    @TempDir
    Path data;
    private ControlServer server;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private final ControlOperations ops = new ControlOperations() {
        @Override
        public SupervisorStatus status() {
            return new SupervisorStatus(1, 2, null, -1, null, true, List.of());
        }

        @Override
        public void stop() {
            stopped.set(true);
        }

        @Override
        public void reload() {
        }

        @Override
        public String restart(String name) {
            if (name.equals("nope")) {
                throw new fichas.supervisor.UnknownChildException("no instance named 'nope'; known: instance-8001");
            }
            return "online:" + name;
        }
    };

    private Path start() throws Exception {
        ControlToken token = ControlToken.generate();
        Path file = data.resolve("supervisor.token");
        server = ControlServer.start(0, token, ops);
        token.writeTo(file);
        return file;
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theRightTokenGetsStatusAndOperations() throws Exception {
        Path tokenFile = start();
        ControlClient client = new ControlClient(server.port(), tokenFile);
        assertThat(client.status().pid()).isEqualTo(1);
        assertThat(client.restart("instance-8001", java.time.Duration.ofSeconds(5))).isEqualTo("online:instance-8001");
        client.stop();
        // The endpoint answers before it acts, so that the caller is not cut off by the stop itself.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilTrue(stopped);
    }

    @Test
    void aRestartOfANameTheSupervisorDoesNotHaveIs404() throws Exception {
        ControlClient client = new ControlClient(server == null ? 0 : server.port(), start());
        client = new ControlClient(server.port(), data.resolve("supervisor.token"));
        ControlClient asked = client;
        assertThatThrownBy(() -> asked.restart("nope", java.time.Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ControlClient.ControlException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("no instance named 'nope'");
    }

    @Test
    void aWrongTokenIsRejectedWith401AndNothingHappens() throws Exception {
        start();
        Path wrong = Files.writeString(data.resolve("wrong.token"), "0".repeat(64));
        ControlClient client = new ControlClient(server.port(), wrong);
        assertThatThrownBy(client::stop).hasMessageContaining("HTTP 401");
        HttpResponse<String> noHeader = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noHeader.statusCode()).isEqualTo(401);
        assertThat(stopped).isFalse();
    }

    @Test
    void theTokenFileIsReadableByItsOwnerOnly() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path file = start();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).hasSize(64);
    }

    @Test
    void theEndpointListensOnLoopbackOnly() throws Exception {
        start();
        var lan = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst();
        assumeThat(lan).isPresent();
        assertThatThrownBy(() -> new java.net.Socket(lan.get(), server.port()).close())
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void connectionsThatNeverSendARequestNeitherBlockStatusNorStayOpenForever() throws Exception {
        ControlClient client = new ControlClient(server == null ? 0 : server.port(), start());
        client = new ControlClient(server.port(), data.resolve("supervisor.token"));
        List<java.net.Socket> silent = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                java.net.Socket socket = new java.net.Socket(InetAddressHolder.LOOPBACK, server.port());
                socket.setSoTimeout(60_000);
                silent.add(socket);
            }

            long started = System.nanoTime();
            assertThat(client.status().pid()).isEqualTo(1);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));

            // The JDK server closes a connection whose request is not complete within maxReqTime (10 s).
            long waitStarted = System.nanoTime();
            assertThat(silent.get(0).getInputStream().read()).isEqualTo(-1);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - waitStarted)).isLessThan(java.time.Duration.ofSeconds(40));
        } finally {
            for (java.net.Socket socket : silent) {
                socket.close();
            }
        }
    }

    private static final class InetAddressHolder {
        static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();
    }
}
