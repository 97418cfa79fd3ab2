package fichas.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.RunningInstance;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityHeadersTest {
    @TempDir
    static Path dataDir;
    static RunningInstance instance;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        instance = RunningInstance.start(dataDir);
        admin = instance.admin();
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    /** The raw response head of {@code GET path} with the given Host header, from a loopback socket. */
    private static String rawGet(String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", instance.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void every_response_says_nosniff_and_authenticated_json_says_no_store() {
        assertThat(instance.client().get("/health").header("X-Content-Type-Options")).contains("nosniff");
        assertThat(instance.client().get("/nothing-here").header("X-Content-Type-Options")).contains("nosniff");
        assertThat(instance.client().get("/clientes").header("X-Content-Type-Options")).contains("nosniff");
        assertThat(admin.post("/clientes", Map.of()).header("X-Content-Type-Options")).contains("nosniff");

        assertThat(admin.get("/clientes").header("Cache-Control")).contains("no-store");
        assertThat(admin.get("/users").header("Cache-Control")).contains("no-store");
        assertThat(admin.get("/clientes/999999").header("Cache-Control")).as("an error to a logged-in user").contains("no-store");
        assertThat(admin.post("/clientes", Map.of("nome", "Cache")).header("Cache-Control")).contains("no-store");
    }

    @Test
    void the_token_free_metrics_need_a_loopback_host_so_a_dns_rebinding_page_cannot_read_them() throws Exception {
        assertThat(rawGet("/metrics", "127.0.0.1:" + instance.port())).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/metrics", "localhost:" + instance.port())).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/metrics", "[::1]:" + instance.port())).startsWith("HTTP/1.1 200");

        String rebound = rawGet("/metrics", "evil.example:" + instance.port());
        assertThat(rebound).startsWith("HTTP/1.1 401");
        assertThat(rebound).doesNotContain("jvm_");
        assertThat(rawGet("/metrics", "localhost.evil.example")).startsWith("HTTP/1.1 401");
    }
}
