package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that sends a body over the cap without waiting for an answer — what nearly every client does — must
 * read the 413, not a connection reset: the balancer reads such a body to its end before answering.
 */
class OversizedBodyTest {
    private static final int CAP = 64 * 1024;
    private Fixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aChunkedBodyOverTheCapSentWholeGetsThe413Json() throws Exception {
        f = new Fixture(1, Fixture.testConfig().maxBodyBytes(CAP).build());

        String answer = sendWholeThenRead("Transfer-Encoding: chunked", chunked(CAP + CAP / 2));

        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("\"code\":\"payload_too_large\"");
        assertThat(f.stub(0).hits.get()).isZero();
    }

    @Test
    void aBodyWithContentLengthOverTheCapSentWholeGetsThe413Json() throws Exception {
        f = new Fixture(1, Fixture.testConfig().maxBodyBytes(CAP).build());
        byte[] body = new byte[CAP + CAP / 2];

        String answer = sendWholeThenRead("Content-Length: " + body.length, body);

        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("\"code\":\"payload_too_large\"");
        assertThat(f.stub(0).hits.get()).isZero();
    }

    @Test
    void aBodyWithinTheCapStillReachesTheBackendWhole() throws Exception {
        f = new Fixture(1, Fixture.testConfig().maxBodyBytes(CAP).build());

        String answer = sendWholeThenRead("Transfer-Encoding: chunked\r\nConnection: close", chunked(CAP));

        assertThat(answer).startsWith("HTTP/1.1 200 ");
        assertThat(f.stub(0).hits.get()).isOne();
    }

    @Test
    void aBodyFarOverTheCapNeverReachesTheBackend() throws Exception {
        f = new Fixture(1, Fixture.testConfig().maxBodyBytes(CAP).build());

        // over ProxyConfig.maxDiscardedBodyBytes (twice the cap), more than the balancer reads for nothing: refused at
        // once (the client may see a reset then)
        sendWholeThenRead("Transfer-Encoding: chunked", chunked(CAP * 3));

        assertThat(f.stub(0).hits.get()).isZero();
    }

    @Test
    void aBodyThatNobodyReadsIsDrainedOnlyUpToUndertowsBackstop() throws Exception {
        f = new Fixture(1, Fixture.testConfig().maxBodyBytes(CAP).rateLimitEnabled(true).rateLimitPerMinute(1).build());
        assertThat(f.get("/echo").statusCode()).isEqualTo(200); // the one request of this minute

        // answered 429 without reading the body; Undertow then drains it, but not beyond its own cap (2 × CAP + 1 MiB)
        byte[] body = chunked(16 * 1024 * 1024);
        try (Socket socket = new Socket("127.0.0.1", f.balancer.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            boolean sentWhole = false;
            try {
                for (int at = 0; at < body.length; at += 64 * 1024) {
                    out.write(body, at, Math.min(64 * 1024, body.length - at));
                }
                out.flush();
                sentWhole = true;
            } catch (IOException e) {
                // the balancer closed: what is asserted below
            }
            assertThat(sentWhole).as("the balancer stopped reading and closed long before 16 MiB").isFalse();
        }
        assertThat(f.stub(0).hits.get()).isOne();
    }

    /** {@code size} bytes in 4 KiB chunks, then the last chunk. */
    private static byte[] chunked(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] piece = new byte[4096];
        java.util.Arrays.fill(piece, (byte) 'x');
        for (int left = size; left > 0; left -= piece.length) {
            int n = Math.min(left, piece.length);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(piece, 0, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Writes the head and the whole body before reading anything, then reads until the balancer closes. */
    private String sendWholeThenRead(String framing, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", f.balancer.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + framing
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) != -1; ) {
                    received.write(buf, 0, n);
                }
            } catch (java.net.SocketException e) {
                received.writeBytes(("<<" + e.getMessage() + ">>").getBytes(StandardCharsets.ISO_8859_1));
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
