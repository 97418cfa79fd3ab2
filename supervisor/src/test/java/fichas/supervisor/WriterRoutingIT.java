package fichas.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.supervisor.control.ControlClient;
import fichas.supervisor.status.InstanceStatus;
import fichas.supervisor.status.SupervisorStatus;
import fichas.supervisor.support.WholeSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writer routing on the whole system (supervisor, balancer, three real instance JVMs over one SQLite file): every
 * write goes to one instance, a write's result is read at once on every instance (their caches follow the change
 * log), and killing the writer under write load loses no acknowledged write.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriterRoutingIT {
    private static final String PASSWORD = "writer-test-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path home;
    private static WholeSystem system;
    private static ControlClient control;
    private static String token;

    @BeforeAll
    static void startTheSystem() throws Exception {
        system = WholeSystem.start(home, PASSWORD, Map.of("FICHAS_BALANCER_WRITE_ROUTING", "writer"),
                Path.of("target", "writer-routing-it-logs"));
        control = system.control();
        HttpResponse<String> login = send(system.balancerPort(), "POST", "/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", null);
        assertThat(login.statusCode()).isEqualTo(200);
        token = JSON.readTree(login.body()).get("token").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> control.status().allOnline());
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    private static HttpResponse<String> send(int port, String method, String path, String body, String key)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Integer> instancePorts() throws Exception {
        return control.status().instances().stream().map(InstanceStatus::port).toList();
    }

    @Test
    @Order(1)
    void aWriteThroughTheBalancerIsReadAtOnceOnEveryInstance() throws Exception {
        SupervisorStatus status = control.status();
        assertThat(status.writer()).as("the status names the writer").isNotNull();
        List<Integer> ports = instancePorts();
        for (int round = 0; round < 5; round++) {
            HttpResponse<String> created = send(system.balancerPort(), "POST", "/clientes",
                    "{\"nome\":\"Coerente " + round + "\"}", null);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().firstValue("X-Instance")).hasValue(status.writer());
            JsonNode cliente = JSON.readTree(created.body());
            String path = "/clientes/" + cliente.get("id").asText();
            for (int port : ports) { // fill every instance's cache with the current version
                assertThat(send(port, "GET", path, null, null).statusCode()).isEqualTo(200);
                assertThat(send(port, "GET", "/clientes?q=Coerente", null, null).body()).contains("Coerente " + round);
            }
            HttpResponse<String> renamed = send(system.balancerPort(), "PUT", path,
                    "{\"nome\":\"Renomeado " + round + "\",\"version\":" + cliente.get("version").asLong() + "}", null);
            assertThat(renamed.statusCode()).isEqualTo(200);
            for (int port : ports) {
                HttpResponse<String> read = send(port, "GET", path, null, null);
                assertThat(JSON.readTree(read.body()).get("nome").asText()).as("instance %d", port)
                        .isEqualTo("Renomeado " + round);
                assertThat(send(port, "GET", "/clientes?q=Renomeado", null, null).body()).contains("Renomeado " + round);
            }
        }
    }

    @Test
    @Order(2)
    void killingTheWriterUnderWriteLoadLosesNoAcknowledgedWrite() throws Exception {
        SupervisorStatus before = control.status();
        String writer = before.writer();
        long victim = before.instances().stream().filter(i -> i.id().equals(writer)).findFirst().orElseThrow().pid();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    String nome = "Carga " + UUID.randomUUID();
                    try {
                        HttpResponse<String> r = send(system.balancerPort(), "POST", "/clientes",
                                "{\"nome\":\"" + nome + "\"}", UUID.randomUUID().toString());
                        if (r.statusCode() == 201) {
                            acknowledged.add(JSON.readTree(r.body()).get("id").asText());
                        } else {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "writer-load-" + t);
            thread.start();
            threads.add(thread);
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 50);
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> control.status().writer() != null && !writer.equals(control.status().writer()));
            int atHandOver = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= atHandOver + 50);
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join(35_000);
            }
        }
        assertThat(failures).isEmpty();
        for (String id : acknowledged) {
            assertThat(send(system.balancerPort(), "GET", "/clientes/" + id, null, null).statusCode())
                    .as("acknowledged cliente %s", id).isEqualTo(200);
        }
    }
}
