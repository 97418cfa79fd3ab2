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
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: every way a client can stall ends, measured as lack of progress (small timeouts so the test is
 * fast): slow headers, slow body, idle keep-alive, a response nobody reads. A stream that keeps flowing is
 * never cut. Raw sockets.
 */
class FrontDoorTimeoutsTest {
    private static final Duration SHORT = Duration.ofMillis(600);
    private final EchoBackend backend = new EchoBackend();
    private Balancer balancer;

    @BeforeEach
    void start() {
        FrontDoorConfig door = FrontDoorConfig.defaults().withTimeouts(SHORT, SHORT, SHORT, 1024, SHORT);
        balancer = Balancer.start(BalancerConfig.builder().port(0).bindAddress("127.0.0.1").ioThreads(2)
                        .rateLimitPerMinute(10_000_000).responseBufferBytes(0).frontDoor(door).build(),
                List.of(backend.backend()), BalancerListener.none());
    }

    @AfterEach
    void stop() {
        balancer.close();
        backend.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", balancer.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** True once the server closed: a read sees EOF or a reset. */
    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(50);
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Sends one more byte; false once the server has closed (a write eventually fails). */
    private static boolean trickle(Socket s, String text) {
        try {
            send(s, text);
            return !closedByServer(s);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void headers_that_never_complete_are_cut_even_when_a_line_arrives_every_200_ms() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET /x HTTP/1.1\r\nHost: a\r\n");
            long started = System.nanoTime();
            int[] line = {0};
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !trickle(s, "X-Slow-" + line[0]++ + ": y\r\n"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void an_idle_keep_alive_connection_and_a_silent_one_are_closed() throws Exception {
        try (Socket used = connect(); Socket silent = connect()) {
            send(used, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
            byte[] buf = new byte[4096];
            int n = used.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ");
            await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(used) && closedByServer(silent));
        }
    }

    @Test
    void a_body_that_stops_arriving_is_cut_and_a_slow_but_steady_one_is_not() throws Exception {
        try (Socket stalled = connect(); Socket steady = connect()) {
            String head = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\nConnection: close\r\n\r\n";
            send(stalled, head.formatted(100_000) + "{");
            int chunk = 1024;
            send(steady, head.formatted(6 * chunk));
            long started = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                Thread.sleep(250); // 4 KiB/s: above the 1 KiB/s floor
                send(steady, "x".repeat(chunk));
            }
            String answer = RawHttp.readUntilClosed(steady.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("{\"read\":" + 6 * chunk + "}");
            await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(stalled));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void a_response_the_client_does_not_read_is_abandoned_and_the_backend_side_let_go() throws Exception {
        try (Socket s = connect()) {
            s.setReceiveBufferSize(4096);
            send(s, "GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> balancer.snapshot().backends().get("echo").inFlight() == 1);
            // never read: the balancer's writes stall, then it closes the client and lets go of the backend
            await().atMost(Duration.ofSeconds(8)).until(() -> balancer.snapshot().backends().get("echo").inFlight() == 0);
            // (what the kernel had already taken still trickles to the client before the close; not waited for)
        }
    }

    @Test
    void a_stream_that_keeps_flowing_outlives_every_timeout() throws Exception {
        try (Socket s = connect()) {
            // 8 beats 300 ms apart: 2.4 s, four times each of the 600 ms timeouts
            send(s, "GET /stream?n=8 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            String all = RawHttp.readUntilClosed(s.getInputStream());
            assertThat(all).startsWith("HTTP/1.1 200 ").contains("data: end");
            assertThat(all.split("data: beat", -1)).hasSize(9);
        }
    }
}
