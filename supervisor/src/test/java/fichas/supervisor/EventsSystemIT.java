package fichas.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.supervisor.control.ControlClient;
import fichas.supervisor.dashboard.HeadlessChromium;
import fichas.supervisor.status.InstanceStatus;
import fichas.supervisor.support.EventStream;
import fichas.supervisor.support.Http;
import fichas.supervisor.support.WholeSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real-time events through the whole system (supervisor, balancer, three instance JVMs on one
 * SQLite file): a client whose instance is killed with SIGKILL reconnects through the balancer
 * with Last-Event-ID and gets every event once; the production board at /painel (headless
 * Chromium) shows a pedido created and advanced through the API, and loses no update when the
 * instance its stream was on is killed.
 */
class EventsSystemIT {
    private static final String PASSWORD = "events-test-password";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path home;
    static WholeSystem system;
    static ControlClient control;
    static int port;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        system = WholeSystem.start(home, PASSWORD, Map.of(), Path.of("target", "events-it-logs"));
        control = system.control();
        port = system.balancerPort();
        HttpResponse<String> login = send("POST", "/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", null);
        assertThat(login.statusCode()).isEqualTo(200);
        token = MAPPER.readTree(login.body()).get("token").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST with an Idempotency-Key, repeated until it is answered: the id is known even across a kill. */
    static JsonNode create(String path, String json) throws Exception {
        String key = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                HttpResponse<String> response = send("POST", path, json, key);
                if (response.statusCode() == 201) {
                    return MAPPER.readTree(response.body());
                }
            } catch (java.io.IOException e) {
                // the instance died under it: the same key again
            }
            Thread.sleep(250);
        }
        throw new AssertionError("POST " + path + " never succeeded");
    }

    static void patchStatus(long pedido, String status) throws Exception {
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                HttpResponse<String> response = send("PATCH", "/pedidos/" + pedido + "/status",
                        "{\"status\":\"" + status + "\"}", null);
                if (response.statusCode() == 200) {
                    return;
                }
                if (response.statusCode() == 409 && response.body().contains("invalid_transition")) {
                    return; // an earlier try went through before the connection broke
                }
            } catch (java.io.IOException e) {
                // retry
            }
            Thread.sleep(250);
        }
        throw new AssertionError("PATCH status " + status + " never succeeded");
    }

    static InstanceStatus instance(String id) throws Exception {
        return control.status().instances().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    static void kill(InstanceStatus victim) {
        assertThat(victim.pid()).isNotNull();
        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly(); // SIGKILL: no goodbye
    }

    @Test
    void a_client_whose_instance_is_killed_resumes_through_the_balancer_with_nothing_lost_or_repeated()
            throws Exception {
        try (EventStream stream = new EventStream(port, "/events?types=cliente.created", token)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !stream.instances().isEmpty());
            InstanceStatus victim = instance(stream.instances().get(0));
            List<Long> created = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                if (i == 10) {
                    kill(victim);
                }
                created.add(create("/clientes", "{\"nome\":\"Evento " + i + "\"}").get("id").asLong());
                Thread.sleep(50);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> stream.events().size() >= created.size());
            List<EventStream.Received> events = stream.events();
            assertThat(events).extracting(e -> e.data().get("id").asLong()).isEqualTo(created);
            assertThat(events).extracting(EventStream.Received::id).isSorted().doesNotHaveDuplicates();
            assertThat(stream.instances()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(stream.instances().get(1)).isNotEqualTo(victim.id());
        }
    }

    /** The instance(s) whose /metrics show an open SSE subscriber (the test runs on this machine: no token needed). */
    static List<InstanceStatus> instancesWithSubscribers() throws Exception {
        List<InstanceStatus> found = new ArrayList<>();
        for (InstanceStatus instance : control.status().instances()) {
            try {
                for (String line : Http.get(instance.port(), "/metrics").body().split("\n")) {
                    if (line.startsWith("fichas_events_subscribers{") && line.contains("transport=\"sse\"")
                            && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0) {
                        found.add(instance);
                    }
                }
            } catch (java.io.IOException e) {
                // down right now
            }
        }
        return found;
    }

    @Test
    void the_production_board_shows_pedidos_move_live_and_loses_nothing_when_its_instance_is_killed()
            throws Exception {
        HeadlessChromium.requireInstalled();
        long cliente = create("/clientes", "{\"nome\":\"Metalúrgica Painel\"}").get("id").asLong();
        JsonNode tipos = MAPPER.readTree(send("GET", "/producoes/tipos", null, null).body()).get("items");
        long tipo = tipos.get(0).get("id").asLong();
        LocalDate today = LocalDate.now();
        // a few cards for the screenshot: one late, one due today, one later
        for (int i = 0; i < 3; i++) {
            create("/pedidos", "{\"cliente_id\":" + cliente + ",\"tipo_id\":" + tipos.get(i + 1).get("id").asLong()
                    + ",\"descricao\":\"Lote " + i + "\",\"quantidade\":" + (10 * (i + 1))
                    + ",\"data_entrada\":\"" + today.minusDays(5) + "\",\"data_entrega_prevista\":\""
                    + today.plusDays(i - 1) + "\"}");
        }
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            ChromeDriver driver = browser.driver();
            try {
                driver.get("http://127.0.0.1:" + port + "/painel");
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("usuario"))).sendKeys("admin");
                driver.findElement(By.id("senha")).sendKeys(PASSWORD);
                driver.findElement(By.id("entrar")).click();
                wait.until(d -> "conectado".equals(d.findElement(By.tagName("body")).getAttribute("data-conexao")));

                long pedido = create("/pedidos", "{\"cliente_id\":" + cliente + ",\"tipo_id\":" + tipo
                        + ",\"descricao\":\"Portões\",\"quantidade\":12,\"data_entrega_prevista\":\""
                        + today.plusDays(3) + "\"}").get("id").asLong();
                By inRecebido = By.cssSelector("#col-recebido li[data-id='" + pedido + "']");
                wait.until(ExpectedConditions.visibilityOfElementLocated(inRecebido));
                assertThat(driver.findElement(inRecebido).getText()).contains("Metalúrgica Painel", "Qtd 12");

                patchStatus(pedido, "em_producao");
                wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#col-em_producao li[data-id='" + pedido + "']")));
                assertThat(driver.findElements(inRecebido)).isEmpty();
                browser.screenshot(Path.of("target", "painel.png"));

                List<InstanceStatus> streaming = instancesWithSubscribers();
                assertThat(streaming).isNotEmpty();
                streaming.forEach(EventsSystemIT::kill);
                patchStatus(pedido, "concluido");
                new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(100)).until(
                        ExpectedConditions.visibilityOfElementLocated(
                                By.cssSelector("#col-concluido li[data-id='" + pedido + "']")));
                wait.until(d -> "conectado".equals(d.findElement(By.tagName("body")).getAttribute("data-conexao")));
                assertThat(driver.findElements(By.cssSelector("#col-em_producao li[data-id='" + pedido + "']")))
                        .isEmpty();
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot(Path.of("target", "painel-failure.png"));
                System.out.println("page text at failure:\n" + driver.findElement(By.tagName("body")).getText());
                throw e;
            }
        }
    }
}
