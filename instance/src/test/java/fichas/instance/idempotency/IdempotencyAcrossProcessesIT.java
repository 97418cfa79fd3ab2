package fichas.instance.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.imagens.TinyImages;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.InstanceProcess;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instance JVMs (the built jar) on one SQLite file: a key used through one is known to the other. */
class IdempotencyAcrossProcessesIT {
    @TempDir
    static Path dataDir;
    static InstanceProcess first;
    static InstanceProcess second;
    static ApiClient one;
    static ApiClient two;

    @BeforeAll
    static void start() {
        first = InstanceProcess.launch(dataDir, Map.of("FICHAS_ACCESS_LOG", "false"));
        second = InstanceProcess.launch(dataDir, Map.of("FICHAS_ACCESS_LOG", "false"));
        first.awaitHealthy(Duration.ofSeconds(60));
        second.awaitHealthy(Duration.ofSeconds(60));
        one = first.client().login("admin", RunningInstance.ADMIN_PASSWORD);
        two = second.client().login("admin", RunningInstance.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @Test
    void a_repeat_through_the_other_process_gets_the_first_answer_and_another_body_a_conflict() {
        ApiResponse created = one.withHeader("Idempotency-Key", "across-1").post("/clientes", Map.of("nome", "Replicado Unico"));
        ApiResponse replayed = two.withHeader("Idempotency-Key", "across-1").post("/clientes", Map.of("nome", "Replicado Unico"));
        ApiResponse conflict = two.withHeader("Idempotency-Key", "across-1").post("/clientes", Map.of("nome", "Outro"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.bytes()).isEqualTo(created.bytes());
        assertThat(replayed.header("Location")).isEqualTo(created.header("Location"));
        assertThat(replayed.header("X-Instance")).isNotEqualTo(created.header("X-Instance"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(one.get("/clientes?q=Replicado").json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void simultaneous_requests_through_both_processes_create_one_row() throws Exception {
        long pedido = pedido();
        byte[] form = TinyImages.multipart("file", "x.png", "image/png", TinyImages.pngOfSize(1024 * 1024));
        int perProcess = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2 * perProcess);
        List<Future<ApiResponse>> answers = new ArrayList<>();
        for (ApiClient client : List.of(one, two)) {
            ApiClient keyed = client.withHeader("Idempotency-Key", "across-2");
            for (int i = 0; i < perProcess; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return keyed.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(), form);
                }));
            }
        }
        go.countDown();
        List<String> bodies = new ArrayList<>();
        for (Future<ApiResponse> answer : answers) {
            ApiResponse response = answer.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            bodies.add(response.text());
        }
        pool.shutdown();

        assertThat(bodies).containsOnly(bodies.get(0));
        assertThat(two.get("/pedidos/" + pedido).json().get("imagens")).hasSize(1);
    }

    private static long pedido() {
        long cliente = one.post("/clientes", Map.of("nome", "Pedido através")).json().get("id").asLong();
        long tipo = one.get("/producoes/tipos").json().at("/items/0/id").asLong();
        ApiResponse created = two.post("/pedidos", Map.of("cliente_id", cliente, "tipo_id", tipo,
                "descricao", "através de dois processos", "quantidade", 1));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }
}
