package fichas.balancer.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import fichas.balancer.Balancer;
import fichas.balancer.BalancerConfig;
import fichas.balancer.BalancerListener;
import fichas.balancer.FrontDoorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: bodies are read as they arrive, never pre-sized from Content-Length; body bytes in flight are
 * budgeted in total and per client; connections are capped per client. Raw sockets; other clients come from
 * other loopback addresses (127.0.0.2, ...).
 */
class FrontDoorLimitsTest {
    private static final int DECLARED = 9437184; // 9 MiB, the balancer's body cap
    private final EchoBackend backend = new EchoBackend();
    private final List<Socket> sockets = new ArrayList<>();
    private Balancer balancer;

    private void start(FrontDoorConfig door) {
        balancer = Balancer.start(BalancerConfig.builder().port(0).bindAddress("127.0.0.1").ioThreads(2)
                .rateLimitPerMinute(10_000_000).frontDoor(door).build(), List.of(backend.backend()), BalancerListener.none());
    }

    @AfterEach
    void stop() {
        sockets.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
        if (balancer != null) {
            balancer.close();
        }
        backend.close();
    }

    /** Until the front door has reserved at least {@code bytes} of its body budget. */
    private void awaitBodyBytes(long bytes) {
        await().atMost(Duration.ofSeconds(10)).until(() -> balancer.state().bodyBytesInFlight() >= bytes);
    }

    /** Until the front door counts exactly {@code n} open connections from {@code address}. */
    private void awaitConnectionsFrom(String address, int n) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> balancer.state().connectionsFrom(InetAddress.getByName(address)) == n);
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", balancer.port()), 2000);
        s.setSoTimeout(5000);
        sockets.add(s);
        return s;
    }

    /** Declares a 9 MiB upload and sends one byte of it. */
    private Socket hostileUpload(String from) throws IOException {
        Socket s = connect(from);
        OutputStream out = s.getOutputStream();
        out.write(("POST /clientes HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: "
                + DECLARED + "\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    private static String head(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            b.append((char) c);
            if (b.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return b.toString();
    }

    private static int answered(List<Socket> sockets) throws IOException {
        int n = 0;
        for (Socket s : sockets) {
            if (s.getInputStream().available() > 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void sixty_announced_9_mib_uploads_from_one_client_get_429_at_once_while_another_client_is_served() throws Exception {
        start(FrontDoorConfig.defaults());
        List<Socket> hostile = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            hostile.add(hostileUpload("127.0.0.1"));
        }
        long started = System.nanoTime();
        // Which one is admitted depends on which the IO threads see first: every other one is answered.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> answered(hostile) == 59);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5000);
        int refused = 0;
        for (Socket s : hostile) {
            if (s.getInputStream().available() > 0) {
                String head = head(s);
                assertThat(head).startsWith("HTTP/1.1 429 ");
                assertThat(head.toLowerCase()).contains("retry-after: 1").contains("connection: close");
                refused++;
            }
        }
        assertThat(refused).as("every upload past the client's 16 MiB share").isEqualTo(59);

        String normal = RawHttpFrom.exchange("127.0.0.2", balancer.port(),
                "POST /clientes HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(normal).startsWith("HTTP/1.1 200 ").endsWith("{\"read\":2}");
    }

    @Test
    void the_global_budget_answers_503_once_all_clients_together_hold_it() throws Exception {
        start(FrontDoorConfig.defaults().withBodyBudget(20L * 1024 * 1024, 16L * 1024 * 1024));
        hostileUpload("127.0.0.2");
        hostileUpload("127.0.0.3");
        awaitBodyBytes(2L * DECLARED); // both reserved
        String head = head(hostileUpload("127.0.0.4"));
        assertThat(head).startsWith("HTTP/1.1 503 ");
        assertThat(head.toLowerCase()).contains("retry-after: 1").contains("x-instance: balancer");
    }

    @Test
    void bodies_are_not_sized_from_content_length_sixty_admitted_9_mib_announcements_cost_little_heap() throws Exception {
        // A budget large enough to admit all of them: what is measured is the memory per announced body.
        start(FrontDoorConfig.defaults().withBodyBudget(1024L * 1024 * 1024, 1024L * 1024 * 1024));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        List<Socket> hostile = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            hostile.add(hostileUpload("127.0.0.1"));
        }
        awaitBodyBytes(60L * DECLARED);
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        // Pre-sized, 60 x 9 MiB = 540 MiB (more than this test JVM may have).
        assertThat(after - before).isLessThan(64L * 1024 * 1024);
        for (Socket s : hostile) {
            s.setSoTimeout(200);
            assertThat(s.getInputStream().available()).as("still waiting for its body").isZero();
        }
        String normal = RawHttpFrom.exchange("127.0.0.2", balancer.port(),
                "GET /clientes HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(normal).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void with_rate_limits_off_the_per_client_caps_are_off_too_and_the_global_budget_still_holds() throws Exception {
        balancer = Balancer.start(BalancerConfig.builder().port(0).bindAddress("127.0.0.1").ioThreads(2)
                        .rateLimitEnabled(false)
                        .frontDoor(FrontDoorConfig.defaults().withClientConnections(2)
                                .withBodyBudget(20L * 1024 * 1024, 1024 * 1024)).build(),
                List.of(backend.backend()), BalancerListener.none());
        for (int i = 0; i < 4; i++) {
            connect("127.0.0.1");
        }
        hostileUpload("127.0.0.1");
        hostileUpload("127.0.0.1");
        awaitBodyBytes(2L * DECLARED);
        assertThat(head(hostileUpload("127.0.0.1"))).startsWith("HTTP/1.1 503 ");
    }

    @Test
    void a_client_at_its_connection_cap_gets_429_at_once_and_a_slot_comes_back_when_one_closes() throws Exception {
        start(FrontDoorConfig.defaults().withClientConnections(5));
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(connect("127.0.0.1"));
        }
        awaitConnectionsFrom("127.0.0.1", 5); // accepted
        Socket sixth = connect("127.0.0.1");
        String all = RawHttp.readUntilClosed(sixth.getInputStream());
        assertThat(all).startsWith("HTTP/1.1 429 ").contains("Retry-After: 1")
                .contains("\"code\":\"rate_limited\"");

        assertThat(RawHttpFrom.exchange("127.0.0.2", balancer.port(),
                "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");

        open.get(0).close();
        awaitConnectionsFrom("127.0.0.1", 4);
        assertThat(RawHttpFrom.exchange("127.0.0.1", balancer.port(),
                "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    }
}
