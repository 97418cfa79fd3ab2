package fichas.instance.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a stream of changes a subscriber gets one write per batch window, not one per event: the events of
 * several commits made within {@code FICHAS_EVENTS_BATCH_MS} leave in one HTTP chunk (read off a raw socket),
 * in order, each once.
 */
class EventBatchingTest {
    private static final Pattern ID_LINE = Pattern.compile("(?m)^id: (\\d+)$");

    @TempDir
    static Path dataDir;
    static RunningInstance instance;
    static String token;

    @BeforeAll
    static void start() {
        instance = RunningInstance.start(dataDir, Map.of("FICHAS_EVENTS_BATCH_MS", "1000"));
        ApiResponse login = instance.client().post("/auth/login",
                Map.of("username", "admin", "password", RunningInstance.ADMIN_PASSWORD));
        token = login.json().get("token").asText();
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    @Test
    void the_events_of_commits_made_within_one_batch_window_reach_a_subscriber_in_one_write() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", instance.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /events?types=cliente.created HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            assertThat(readChunk(in)).contains(": connected");
            // the stream opens before the subscriber joins the live fan-out
            await().until(() -> instance.server().events().subscriberCount() == 1);

            long first = insertCliente("Primeiro");
            // The first change after a quiet spell opens a batch window: the poller now waits 1 s.
            assertThat(ids(readChunk(in))).containsExactly(first);
            List<Long> created = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                created.add(insertCliente("Lote " + i));
                Thread.sleep(30); // the scenario, not a wait: commits spaced wider than the 10 ms poll
            }
            assertThat(ids(readChunk(in))).as("five commits in one window, one chunk").isEqualTo(created);
        }
    }

    private static long insertCliente(String nome) {
        return instance.server().database().write(c -> {
            fichas.instance.store.Sql.update(c, "INSERT INTO clientes (nome, created_at, updated_at) "
                    + "VALUES (?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", nome);
            return EventLog.head(c); // the event's id: its change_log row, the newest one
        });
    }

    private static List<Long> ids(String chunk) {
        List<Long> ids = new ArrayList<>();
        Matcher m = ID_LINE.matcher(chunk);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the response head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** One chunk of a chunked body, skipping ping comments (a heartbeat is a chunk of its own). */
    private static String readChunk(InputStream in) throws IOException {
        while (true) {
            int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
            byte[] data = in.readNBytes(size);
            readLine(in);
            String text = new String(data, StandardCharsets.UTF_8);
            if (!text.equals(": ping\n\n")) {
                return text;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
