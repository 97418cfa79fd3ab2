package fichas.observability.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/**
 * Keep-alive connections through a real listener, whose reads are suspended lazily ({@link DeferredSuspendConduit}):
 * requests that arrive while one is being served, answers resumed from worker threads, and a client that leaves
 * mid-request must behave as with an eager suspend.
 */
class HttpListenerKeepAliveTest {
    private final CountDownLatch release = new CountDownLatch(1);
    /** Opens when a {@code /wait…} request has reached its handler (its connection's reads suspended by then). */
    private final CountDownLatch waiting = new CountDownLatch(1);
    private final AtomicInteger closedConnections = new AtomicInteger();
    private HttpListener listener;

    @BeforeEach
    void start() {
        listener = HttpListener.start("127.0.0.1", 0, 1, 4, 64, OptionMap.EMPTY, this::handle,
                new HttpListener.ConnectionHook() {
                    @Override
                    public boolean opened(StreamConnection connection) {
                        return true;
                    }

                    @Override
                    public void closed(StreamConnection connection) {
                        closedConnections.incrementAndGet();
                    }
                });
    }

    @AfterEach
    void stop() {
        release.countDown();
        listener.close();
    }

    /** Answers its path on a worker thread; {@code /wait…} only once {@link #release} opens. */
    private void handle(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this::handle);
            return;
        }
        if (exchange.getRequestPath().startsWith("/wait")) {
            waiting.countDown();
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        }
        exchange.getResponseSender().send(exchange.getRequestPath());
    }

    @Test
    void requestsPipelinedBehindOneInServiceAreAnsweredInOrderOnceItEnds() throws Exception {
        try (Socket socket = connect()) {
            send(socket, request("/wait-1") + request("/second") + request("/third"));
            socket.setSoTimeout(300);
            assertThat(readAvailable(socket.getInputStream())).isEmpty();

            release.countDown();

            socket.setSoTimeout(5000);
            assertThat(body(socket.getInputStream())).isEqualTo("/wait-1");
            assertThat(body(socket.getInputStream())).isEqualTo("/second");
            assertThat(body(socket.getInputStream())).isEqualTo("/third");
        }
    }

    @Test
    void bytesWaitingBehindARequestInServiceDoNotKeepTheIoThreadBusy() throws Exception {
        try (Socket socket = connect()) {
            send(socket, request("/warm-up"));
            assertThat(body(socket.getInputStream())).isEqualTo("/warm-up");
            send(socket, request("/wait-1"));
            assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the first request in service").isTrue();
            send(socket, request("/second")); // readable now, while suspended
            socket.shutdownOutput(); // and a FIN behind it

            // A suspend that never reached the socket would report these bytes again on every selector round.
            long cpu = ioThreadsCpuNanos();
            Thread.sleep(1000);
            long spent = ioThreadsCpuNanos() - cpu;

            release.countDown();
            assertThat(body(socket.getInputStream())).isEqualTo("/wait-1");
            assertThat(body(socket.getInputStream())).isEqualTo("/second");
            assertThat(spent).as("IO thread CPU in 1 s with the request held, ns").isLessThan(300_000_000L);
        }
    }

    /** CPU time of this JVM's XNIO IO threads. */
    private static long ioThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("I/O")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    @Test
    void manyRequestsOneAfterAnotherOnOneConnectionAreAllAnswered() throws Exception {
        release.countDown();
        try (Socket socket = connect()) {
            for (int i = 0; i < 2_000; i++) {
                send(socket, request("/n" + i));
                assertThat(body(socket.getInputStream())).isEqualTo("/n" + i);
            }
        }
    }

    @Test
    void aClientThatLeavesWhileItsRequestIsServedHasItsConnectionClosed() throws Exception {
        try (Socket socket = connect()) {
            send(socket, request("/wait-gone"));
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> closedConnections.get() == 1);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", listener.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String request(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String readAvailable(InputStream in) throws IOException {
        try {
            int b = in.read();
            return b < 0 ? "" : String.valueOf((char) b);
        } catch (java.net.SocketTimeoutException e) {
            return "";
        }
    }

    /** Reads one response's head and its Content-Length body. */
    private static String body(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("HTTP/1.1 200");
        int at = text.toLowerCase().indexOf("content-length:");
        int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
        return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
