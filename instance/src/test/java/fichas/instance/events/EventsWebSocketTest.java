package fichas.instance.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /events/ws: the same events as GET /events, one JSON text message each, on two instances. */
class EventsWebSocketTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @TempDir
    static Path dataDir;
    static RunningInstance a;
    static RunningInstance b;
    static ApiClient onA;
    static String token;

    @BeforeAll
    static void start() {
        a = RunningInstance.start(dataDir);
        b = RunningInstance.start(dataDir);
        token = a.client().post("/auth/login", Map.of("username", "admin", "password", RunningInstance.ADMIN_PASSWORD))
                .json().get("token").asText();
        onA = a.client().withToken(token);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    /** Collects the text messages of one WebSocket. */
    static final class Messages implements WebSocket.Listener {
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(MAPPER.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        List<Long> ids() {
            return received.stream().map(m -> m.get("id").asLong()).toList();
        }
    }

    static WebSocket connect(RunningInstance instance, String query, Messages messages) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + instance.port() + "/events/ws?access_token=" + token + query),
                        messages).get(5, TimeUnit.SECONDS);
    }

    static long createCliente(String nome) {
        ApiResponse created = onA.post("/clientes", Map.of("nome", nome));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void each_event_is_one_json_message_with_its_id_and_type_and_resume_works_across_instances() throws Exception {
        Messages first = new Messages();
        WebSocket socket = connect(b, "", first);
        long id = createCliente("WS 1");
        await().atMost(Duration.ofSeconds(5)).until(() -> !first.received.isEmpty());
        JsonNode message = first.received.get(0);
        assertThat(message.get("id").asLong()).isPositive();
        assertThat(message.get("type").asText()).isEqualTo("cliente.created");
        assertThat(message.get("data").get("type").asText()).isEqualTo("cliente.created");
        assertThat(message.get("data").get("id").asLong()).isEqualTo(id);
        assertThat(message.get("data").get("version").asLong()).isEqualTo(1);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        long last = message.get("id").asLong();

        createCliente("WS 2");
        createCliente("WS 3");
        Messages resumed = new Messages();
        WebSocket again = connect(a, "&last_event_id=" + last, resumed);
        createCliente("WS 4");
        await().atMost(Duration.ofSeconds(5)).until(() -> resumed.received.size() >= 3);
        assertThat(resumed.ids()).hasSize(3).isSorted().doesNotHaveDuplicates().allMatch(each -> each > last);
        assertThat(resumed.received).extracting(m -> m.get("data").get("type").asText())
                .containsOnly("cliente.created");
        again.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.server().events().subscriberCount() == 0);
    }

    @Test
    void a_plain_get_of_the_websocket_route_is_400() {
        ApiResponse plain = onA.get("/events/ws");
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.errorCode()).isEqualTo("bad_request");
    }

    @Test
    void the_handshake_answer_never_echoes_the_access_token() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", a.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /events/ws?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = readHead(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 101 ").containsIgnoringCase("\r\nSec-WebSocket-Accept: ")
                    .doesNotContainIgnoringCase("Sec-WebSocket-Location").doesNotContain(token);
        }
    }

    /** The response up to the blank line that ends its headers. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
