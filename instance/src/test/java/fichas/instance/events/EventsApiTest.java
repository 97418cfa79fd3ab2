package fichas.instance.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.cache.ChangeLog;
import fichas.instance.pedidos.PedidoFixtures;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * GET /events on two instances over one SQLite file (to SQLite as separate as two processes):
 * a write through one reaches the subscribers of the other, resume works across them, and the
 * slow subscriber, reset, auth and logging rules of API.md hold.
 */
class EventsApiTest {
    @TempDir
    static Path dataDir;
    static RunningInstance a;
    static RunningInstance b;
    static ApiClient onA;
    static ApiClient onB;
    static String token;

    @BeforeAll
    static void start() {
        Map<String, String> config = Map.of("FICHAS_EVENTS_HEARTBEAT_MS", "300",
                "FICHAS_EVENTS_MAX_BUFFER_BYTES", "262144", "FICHAS_ACCESS_LOG", "true");
        a = RunningInstance.start(dataDir, config);
        b = RunningInstance.start(dataDir, config);
        ApiResponse login = a.client().post("/auth/login",
                Map.of("username", "admin", "password", RunningInstance.ADMIN_PASSWORD));
        token = login.json().get("token").asText();
        onA = a.client().withToken(token);
        onB = b.client().withToken(token);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    static String url(RunningInstance instance, String pathAndQuery) {
        return "http://127.0.0.1:" + instance.port() + pathAndQuery;
    }

    static SseClient subscribe(RunningInstance instance, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + token;
        System.arraycopy(headers, 0, all, 2, headers.length);
        SseClient client = SseClient.open(url(instance, "/events"), all);
        assertThat(client.status()).isEqualTo(200);
        return client;
    }

    static long createCliente(ApiClient client, String nome) {
        ApiResponse created = client.post("/clientes", Map.of("nome", nome));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    static SseClient.Received awaitEvent(SseClient client, String type, long id) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> client.events().stream()
                .filter(e -> e.type().equals(type) && e.json().get("id").asLong() == id).findFirst(),
                java.util.Optional::isPresent).get();
    }

    @Test
    void a_write_through_one_instance_reaches_a_subscriber_of_the_other_without_personal_data() {
        try (SseClient onSecond = subscribe(b)) {
            assertThat(onSecond.response().headers().firstValue("Content-Type")).hasValue("text/event-stream");
            ApiResponse created = onA.post("/clientes", Map.of("nome", "Maria Eventos", "email", "maria@example.com",
                    "telefone", "11 99999-0000", "documento", "529.982.247-25"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            long id = created.json().get("id").asLong();

            SseClient.Received event = awaitEvent(onSecond, "cliente.created", id);
            JsonNode data = event.json();
            assertThat(data.get("type").asText()).isEqualTo("cliente.created");
            assertThat(data.get("version").asLong()).isEqualTo(1);
            assertThat(data.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(event.id()).isPositive();
            assertThat(event.data()).doesNotContain("maria", "99999", "52998224725", "529.982", "Maria");
        }
    }

    @Test
    void a_pedido_created_and_advanced_is_a_created_then_a_status_changed_event_with_from() {
        PedidoFixtures fixtures = new PedidoFixtures(onA);
        long cliente = fixtures.cliente("Cliente do pedido");
        long tipo = fixtures.tipo("CORTE");
        try (SseClient onSecond = subscribe(b)) {
            long pedido = fixtures.pedido(cliente, tipo);
            assertThat(onA.patch("/pedidos/" + pedido + "/status", Map.of("status", "em_producao")).status())
                    .isEqualTo(200);

            JsonNode created = awaitEvent(onSecond, "pedido.created", pedido).json();
            assertThat(created.get("status").asText()).isEqualTo("recebido");
            assertThat(created.get("cliente_id").asLong()).isEqualTo(cliente);
            assertThat(created.has("from")).isFalse();
            JsonNode changed = awaitEvent(onSecond, "pedido.status_changed", pedido).json();
            assertThat(changed.get("status").asText()).isEqualTo("em_producao");
            assertThat(changed.get("from").asText()).isEqualTo("recebido");
            assertThat(changed.get("version").asLong()).isEqualTo(2);
            assertThat(onSecond.ids()).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void a_client_that_reconnects_to_the_other_instance_with_last_event_id_misses_nothing_and_gets_nothing_twice() {
        try (SseClient witness = subscribe(a)) {
            SseClient first = subscribe(a);
            long firstId = createCliente(onA, "Resume 1");
            createCliente(onB, "Resume 2");
            awaitEvent(first, "cliente.created", firstId);
            await().until(() -> first.events().size() >= 2);
            first.close();
            long lastSeen = first.lastId();
            for (int i = 3; i <= 8; i++) {
                createCliente(i % 2 == 0 ? onA : onB, "Resume " + i);
            }
            await().until(() -> witness.events().size() >= 8);

            try (SseClient second = subscribe(b, "Last-Event-ID", Long.toString(lastSeen))) {
                long last = createCliente(onA, "Resume 9");
                awaitEvent(second, "cliente.created", last);
                await().until(() -> witness.events().size() >= 9);
                List<Long> expected = witness.ids().stream().filter(id -> id > lastSeen).toList();
                assertThat(second.ids()).isEqualTo(expected);
                assertThat(first.ids()).isEqualTo(witness.ids().stream().filter(id -> id <= lastSeen).toList());
            }
        }
    }

    @Test
    void the_query_forms_work_as_for_browsers_and_types_filters() {
        long before = a.server().events().deliveredSeq();
        createCliente(onA, "Filtrado");
        PedidoFixtures fixtures = new PedidoFixtures(onA);
        long pedido = fixtures.pedido(fixtures.cliente("Filtro"), fixtures.tipo("DOBRA"));
        try (SseClient filtered = SseClient.open(url(b, "/events?access_token=" + token + "&last_event_id=" + before
                + "&types=pedido.created,pedido.status_changed"))) {
            assertThat(filtered.status()).isEqualTo(200);
            awaitEvent(filtered, "pedido.created", pedido);
            assertThat(filtered.events()).extracting(SseClient.Received::type).containsOnly("pedido.created");
        }
        assertThat(onA.get("/events?types=pedido.nope").errorCode()).isEqualTo("bad_request");
        assertThat(onA.withHeader("Last-Event-ID", "abc").get("/events").errorCode()).isEqualTo("bad_request");
    }

    @Test
    void without_a_valid_token_it_is_401() {
        ApiResponse none = a.client().get("/events");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("unauthenticated");
        assertThat(a.client().get("/events?access_token=not-a-token").status()).isEqualTo(401);
        assertThat(a.client().get("/events/ws?access_token=not-a-token").status()).isEqualTo(401);
    }

    @Test
    void subscribers_events_and_delivery_lag_are_in_metrics_and_monitoring() {
        try (SseClient stream = subscribe(a)) {
            long id = createCliente(onB, "Métrica");
            awaitEvent(stream, "cliente.created", id);
            String metrics = a.client().get("/metrics").text();
            assertThat(metrics).contains("fichas_events_subscribers{transport=\"sse\"} 1.0",
                    "fichas_events_published_total", "fichas_events_delivery_lag_milliseconds{");
            a.server().monitoring().tick();
            JsonNode sampled = onA.get("/monitoring/metrics").json().get("metrics");
            assertThat(sampled.get("event_subscribers").asLong()).isEqualTo(1);
            assertThat(sampled.has("events_per_second")).isTrue();
            assertThat(sampled.get("event_delivery_lag_p99_ms").asDouble()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void idle_streams_get_ping_comments() {
        try (SseClient idle = subscribe(a)) {
            await().atMost(Duration.ofSeconds(3)).until(() -> idle.comments() >= 3);
        }
    }

    @Test
    void a_last_event_id_older_than_the_retained_log_or_newer_than_it_starts_with_reset() {
        long before = a.server().database().read(EventLog::head);
        createCliente(onA, "Antes da limpeza 1");
        createCliente(onA, "Antes da limpeza 2");
        createCliente(onA, "Antes da limpeza 3");
        a.server().database().write(c -> ChangeLog.sweep(c, "9999-01-01T00:00:00Z"));
        long oldest = a.server().database().read(EventLog::oldest);
        try (SseClient old = subscribe(b, "Last-Event-ID", Long.toString(before));
             SseClient future = subscribe(a, "Last-Event-ID", Long.toString(oldest + 1_000_000))) {
            for (SseClient client : List.of(old, future)) {
                await().atMost(Duration.ofSeconds(3)).until(() -> !client.events().isEmpty() || client.ended());
                assertThat(client.events()).as("ended %s comments %s", client.ended(), client.comments()).isNotEmpty();
                SseClient.Received reset = client.events().get(0);
                assertThat(reset.type()).isEqualTo("reset");
                assertThat(reset.json().get("type").asText()).isEqualTo("reset");
                assertThat(reset.json().get("oldest").asLong()).isEqualTo(oldest);
            }
            long id = createCliente(onB, "Depois da limpeza");
            awaitEvent(old, "cliente.created", id);
            awaitEvent(future, "cliente.created", id);
        }
    }

    @Test
    void a_subscriber_that_does_not_read_is_disconnected_and_the_others_get_everything() throws Exception {
        long slowBefore = a.server().events().slowDisconnects();
        try (SseClient reader = subscribe(a); Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new InetSocketAddress("127.0.0.1", a.port()));
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stuck.getInputStream();
            in.read(new byte[64]);
            await().until(() -> a.server().events().subscriberCount() >= 2);
            long from = a.server().events().deliveredSeq();
            int rows = 100_000; // at most: more than the kernel's socket buffers (up to 4 MiB) plus the limit
            // in steps, as a busy shop would write them: a reader keeps up, the stuck one falls behind
            int steps = 0;
            while (a.server().events().slowDisconnects() == slowBefore && steps < rows / 1000) {
                int step = steps++;
                int first = step * 1000;
                a.server().database().write(c -> {
                    for (int i = first; i < first + 1000; i++) {
                        fichas.instance.store.Sql.update(c, "INSERT INTO clientes (nome, created_at, updated_at) "
                                + "VALUES (?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", "Lento " + i);
                    }
                    return null;
                });
                Thread.sleep(40);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> a.server().events().slowDisconnects() > slowBefore);
            long written = steps * 1000L;
            await().atMost(Duration.ofSeconds(20)).until(() -> reader.lastId() >= from + written);
            assertThat(reader.ids().stream().filter(id -> id > from).toList())
                    .isEqualTo(LongStream.rangeClosed(from + 1, from + written).boxed().toList());
            assertThat(reader.ended()).isFalse();
        }
    }

    @Test
    void the_access_token_of_a_stream_never_reaches_a_log() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            try (SseClient stream = SseClient.open(url(a, "/events?access_token=" + token))) {
                long id = createCliente(onB, "Log");
                awaitEvent(stream, "cliente.created", id);
            }
            a.client().get("/events?access_token=" + token + "x");
            await().until(() -> appender.list.stream().anyMatch(e -> e.getFormattedMessage().contains("/events")));
            for (ILoggingEvent event : appender.list) {
                assertThat(event.getFormattedMessage()).doesNotContain(token);
                if (event.getArgumentArray() != null) {
                    for (Object argument : event.getArgumentArray()) {
                        assertThat(String.valueOf(argument)).doesNotContain(token);
                    }
                }
            }
        } finally {
            root.detachAppender(appender);
        }
    }
}
