package fichas.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11: a request Undertow refuses before any handler runs gets the API.md JSON 400 too, not Undertow's
 * empty one (raw sockets: the JDK client will not send these).
 */
@WithInstance(env = "FICHAS_INSTANCE_ID=8001")
class MalformedRequestTest {
    static RunningInstance instance;

    static Stream<String> refusedBeforeAnyHandler() {
        return Stream.of(
                "GET /clientes?q=%ZZ HTTP/1.1\r\nHost: a\r\n\r\n",
                "POST /clientes HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n{}",
                "POST /clientes HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                "GET /health HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n",
                "GET /health HTTP/1.1\nHost: a\n\n",
                "POST /clientes HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2g\r\n{}\r\n0\r\n\r\n",
                // Undertow's Host check, before any handler: each was an empty 400 with its own reason phrase
                "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: a b\r\n\r\n",
                "GET /health HTTP/1.1\r\n\r\n",
                // headers over the cap (never finished): refused once the cap is passed
                "GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(40_000));
    }

    @ParameterizedTest
    @MethodSource("refusedBeforeAnyHandler")
    void undertows_own_400_is_the_json_error(String request) throws IOException {
        String response = exchange(instance.port(), request);

        assertThat(response).startsWith("HTTP/1.1 400 ");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("\r\nconnection: close").contains("\r\ncontent-type: application/json")
                .contains("\r\nx-instance: 8001").containsPattern("\r\nx-request-id: [0-9a-f-]{36}");
        assertThat(response).containsPattern(
                "\\{\"error\":\\{\"code\":\"bad_request\",\"message\":\"[^\"]+\",\"request_id\":\"[0-9a-f-]{36}\"}}$");
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) != -1) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // what arrived is what is checked
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
