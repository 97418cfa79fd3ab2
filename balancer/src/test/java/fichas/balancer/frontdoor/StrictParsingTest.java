package fichas.balancer.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.balancer.Balancer;
import fichas.balancer.BalancerConfig;
import fichas.balancer.BalancerListener;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 11: the front door refuses lenient framing with the API.md JSON 400 and Connection: close (raw sockets). */
class StrictParsingTest {
    private static EchoBackend backend;
    private static Balancer balancer;

    @BeforeAll
    static void start() {
        backend = new EchoBackend();
        balancer = Balancer.start(BalancerConfig.builder().port(0).bindAddress("127.0.0.1").ioThreads(2)
                .rateLimitPerMinute(10_000_000).build(), List.of(backend.backend()), BalancerListener.none());
    }

    @AfterAll
    static void stop() {
        balancer.close();
        backend.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // chunk sizes
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5g\r\nhello\r\n0\r\n\r\n",
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nhello\r\n0\r\n\r\n",
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n",
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY0\r\n\r\n",
            // bare LF framing
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\n0\n\n",
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\n",
            "GET /x HTTP/1.1\nHost: a\n\n",
            // NUL, CR, LF inside header values
            "GET /x HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: a\r\nX-A: b\nc\r\n\r\n",
            // Content-Length lists, duplicates, negative; both CL and TE
            "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello!",
            "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\nhello",
            "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            // other transfer codings
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nhello",
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            // malformed percent-encoding
            "GET /clientes?q=%ZZ HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /clien%G1tes HTTP/1.1\r\nHost: a\r\n\r\n",
            // Undertow's Host check, before any handler (each was an empty 400 with its own reason phrase)
            "GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: a b\r\n\r\n",
            "GET /x HTTP/1.1\r\n\r\n",
            // versions other than 1.x (Undertow served HTTP/9.9 as 1.1)
            "GET /x HTTP/9.9\r\nHost: a\r\n\r\n",
            "GET /x HTTP/2.0\r\nHost: a\r\n\r\n",
            "GET /x HTTP/10.1\r\nHost: a\r\n\r\n",
            "GET /x HTTP/1.10\r\nHost: a\r\n\r\n",
    })
    void malformed_requests_get_the_json_400_and_the_connection_closes(String request) {
        int before = backend.hits.get();
        String response = RawHttp.exchange(balancer.port(), request);

        assertThat(response).startsWith("HTTP/1.1 400 ");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("\r\nconnection: close").contains("\r\ncontent-type: application/json")
                .contains("\r\nx-instance: balancer").containsPattern("\r\nx-request-id: [0-9a-f-]{36}");
        assertThat(response).containsPattern("\\{\"error\":\\{\"code\":\"bad_request\",\"message\":\"[^\"]+\","
                + "\"request_id\":\"[0-9a-f-]{36}\"}}$");
        assertThat(response).doesNotContain("<<still open>>"); // closed by the server
        assertThat(backend.hits.get()).as("nothing reached the backend").isEqualTo(before);
    }

    @Test
    void headers_beyond_the_cap_get_the_json_400_at_once_not_after_a_megabyte() {
        int before = backend.hits.get();
        // never finished: with Undertow's 1 MiB default the balancer kept reading (and holding) until the header timeout
        String response = RawHttp.exchange(balancer.port(),
                "GET /x HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(20_000));

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_request\"")
                .doesNotContain("<<still open>>");
        assertThat(backend.hits.get()).isEqualTo(before);
        assertThat(RawHttp.exchange(balancer.port(), "GET /x HTTP/1.1\r\nHost: a\r\nX-Ok: " + "a".repeat(10_000)
                + "\r\nConnection: close\r\n\r\n")).as("under the cap").startsWith("HTTP/1.1 200 ");
    }

    @Test
    void well_formed_chunked_bodies_with_extensions_and_trailers_pass_even_split_across_packets() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", balancer.port())) {
            socket.setSoTimeout(5000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            String[] parts = {"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5", ";ext=1\r", "\nhel",
                    "lo\r\n", "A\r\n0123456789\r", "\n0\r\nX-Trailer: t\r\n", "\r\n"};
            for (String p : parts) {
                out.write(p.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(20);
            }
            // the same connection goes on: a second, fixed-length request after the chunked one
            out.write("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String all = RawHttp.readUntilClosed(socket.getInputStream());
            assertThat(all).startsWith("HTTP/1.1 200 ").contains("{\"read\":15}").contains("{\"read\":3}");
        }
    }
}
