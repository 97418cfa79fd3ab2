package fichas.instance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.InstanceProcess;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instance JVMs from the built jar on one SQLite file, each with its own caches. Every round
 * warms all three caches, writes through one instance and, once the write's response is in, reads
 * through the two others at the same moment: no read may return the old value.
 */
class CacheCoherenceIT {
    private static final int ROUNDS = 9;

    @TempDir
    static Path dataDir;
    static final List<InstanceProcess> instances = new ArrayList<>();
    static final List<ApiClient> clients = new ArrayList<>();
    static final ExecutorService readers = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void start() {
        for (int i = 0; i < 3; i++) {
            instances.add(InstanceProcess.launch(dataDir, Map.of("FICHAS_ACCESS_LOG", "false")));
        }
        instances.forEach(instance -> instance.awaitHealthy(Duration.ofSeconds(60)));
        for (InstanceProcess instance : instances) {
            clients.add(instance.client().login("admin", RunningInstance.ADMIN_PASSWORD));
        }
    }

    @AfterAll
    static void stop() {
        readers.shutdownNow();
        instances.forEach(InstanceProcess::close);
    }

    /** Reads {@code path} through every instance but {@code writer}, all released at the same moment. */
    private static List<ApiResponse> readThroughOthersAtOnce(int writer, String path) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<ApiResponse>> reads = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            if (i == writer) {
                continue;
            }
            ApiClient client = clients.get(i);
            reads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return client.get(path);
            }, readers));
        }
        go.countDown();
        List<ApiResponse> out = new ArrayList<>();
        for (CompletableFuture<ApiResponse> read : reads) {
            out.add(read.get());
        }
        return out;
    }

    private static void warmEverywhere(String path) {
        for (ApiClient client : clients) {
            assertThat(client.get(path).status()).isEqualTo(200);
            assertThat(client.get(path).status()).isEqualTo(200);
        }
    }

    private static long hits(int instance, String cache) {
        return clients.get(instance).get("/monitoring/cache/status").json().get("caches").get(cache).get("hits").asLong();
    }

    @Test
    void a_cliente_updated_through_one_instance_is_never_read_stale_through_the_others() throws Exception {
        long id = clients.get(0).post("/clientes", Map.of("nome", "Rodada 0")).json().get("id").asLong();
        for (int round = 1; round <= ROUNDS; round++) {
            int writer = round % 3;
            warmEverywhere("/clientes/" + id);
            ApiResponse updated = clients.get(writer).put("/clientes/" + id, Map.of("nome", "Rodada " + round,
                    "version", round));
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

            for (ApiResponse read : readThroughOthersAtOnce(writer, "/clientes/" + id)) {
                assertThat(read.json().get("nome").asText()).as("round %d", round).isEqualTo("Rodada " + round);
                assertThat(read.json().get("version").asLong()).isEqualTo(round + 1);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertThat(hits(i, "clientes")).as("instance %d served cached clientes", i).isPositive();
        }
    }

    @Test
    void a_cliente_deleted_through_one_instance_is_a_404_through_the_others_at_once() throws Exception {
        for (int writer = 0; writer < 3; writer++) {
            long id = clients.get(writer).post("/clientes", Map.of("nome", "Efêmero " + writer)).json()
                    .get("id").asLong();
            warmEverywhere("/clientes/" + id);

            assertThat(clients.get(writer).delete("/clientes/" + id).status()).isEqualTo(204);

            assertThat(readThroughOthersAtOnce(writer, "/clientes/" + id)).extracting(ApiResponse::status)
                    .containsOnly(404);
        }
    }

    @Test
    void a_new_cliente_is_on_the_cached_first_page_of_every_other_instance_at_once() throws Exception {
        for (int writer = 0; writer < 3; writer++) {
            warmEverywhere("/clientes?size=500");
            long id = clients.get(writer).post("/clientes", Map.of("nome", "AAA Primeiro " + writer)).json()
                    .get("id").asLong();

            for (ApiResponse read : readThroughOthersAtOnce(writer, "/clientes?size=500")) {
                assertThat(read.json().get("items").findValuesAsText("id")).contains(Long.toString(id));
            }
        }
    }

    @Test
    void a_tipo_changed_through_one_instance_is_never_read_stale_through_the_others() throws Exception {
        Function<Integer, JsonNode> tipo = writer -> clients.get(writer).get("/producoes/tipos/3").json();
        for (int round = 1; round <= ROUNDS; round++) {
            int writer = round % 3;
            warmEverywhere("/producoes/tipos");
            warmEverywhere("/producoes/tipos/3");
            JsonNode current = tipo.apply(writer);
            ApiResponse updated = clients.get(writer).put("/producoes/tipos/3", Map.of(
                    "codigo", current.get("codigo").asText(), "nome", "Solda " + round,
                    "version", current.get("version").asLong()));
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

            for (ApiResponse read : readThroughOthersAtOnce(writer, "/producoes/tipos/3")) {
                assertThat(read.json().get("nome").asText()).as("round %d", round).isEqualTo("Solda " + round);
            }
            for (ApiResponse read : readThroughOthersAtOnce(writer, "/producoes/tipos")) {
                assertThat(read.text()).contains("Solda " + round);
            }
        }
        assertThat(hits(1, "tipos")).isPositive();
    }
    private static long createPedido(ApiClient client, long clienteId) {
        ApiResponse created = client.post("/pedidos", Map.of("cliente_id", clienteId, "tipo_id", 1,
                "descricao", "Chapa 3mm", "quantidade", 10));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void a_pedido_changed_through_one_instance_is_never_read_stale_through_the_others() throws Exception {
        long cliente = clients.get(0).post("/clientes", Map.of("nome", "Dono do pedido")).json().get("id").asLong();
        long id = createPedido(clients.get(0), cliente);
        String[] statuses = {"em_producao", "concluido", "entregue"};
        for (int round = 0; round < statuses.length; round++) {
            int writer = round % 3;
            warmEverywhere("/pedidos/" + id);
            warmEverywhere("/pedidos?status=" + statuses[round]);
            ApiResponse changed = clients.get(writer).patch("/pedidos/" + id + "/status",
                    Map.of("status", statuses[round]));
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

            for (ApiResponse read : readThroughOthersAtOnce(writer, "/pedidos/" + id)) {
                assertThat(read.json().get("status").asText()).as("round %d", round).isEqualTo(statuses[round]);
            }
            for (ApiResponse read : readThroughOthersAtOnce(writer, "/pedidos?status=" + statuses[round])) {
                assertThat(read.json().get("items").findValuesAsText("id")).contains(Long.toString(id));
            }
        }
        assertThat(hits(2, "pedidos")).isPositive();
    }

    @Test
    void a_renamed_cliente_shows_in_the_cached_pedidos_of_every_other_instance_at_once() throws Exception {
        long cliente = clients.get(1).post("/clientes", Map.of("nome", "Nome antigo")).json().get("id").asLong();
        long id = createPedido(clients.get(1), cliente);
        warmEverywhere("/pedidos/" + id);

        assertThat(clients.get(1).put("/clientes/" + cliente, Map.of("nome", "Nome novo", "version", 1)).status())
                .isEqualTo(200);

        for (ApiResponse read : readThroughOthersAtOnce(1, "/pedidos/" + id)) {
            assertThat(read.json().get("cliente").get("nome").asText()).isEqualTo("Nome novo");
        }
    }

    @Test
    void a_pedido_deleted_through_one_instance_is_a_404_through_the_others_at_once() throws Exception {
        long cliente = clients.get(2).post("/clientes", Map.of("nome", "Pedido efêmero")).json().get("id").asLong();
        for (int writer = 0; writer < 3; writer++) {
            long id = createPedido(clients.get(writer), cliente);
            warmEverywhere("/pedidos/" + id);
            warmEverywhere("/pedidos?status=recebido");

            assertThat(clients.get(writer).delete("/pedidos/" + id).status()).isEqualTo(204);

            assertThat(readThroughOthersAtOnce(writer, "/pedidos/" + id)).extracting(ApiResponse::status)
                    .containsOnly(404);
            for (ApiResponse read : readThroughOthersAtOnce(writer, "/pedidos?status=recebido")) {
                assertThat(read.json().get("items").findValuesAsText("id")).doesNotContain(Long.toString(id));
            }
        }
    }

    @Test
    void a_token_logged_out_through_one_instance_is_refused_by_the_others_at_once() throws Exception {
        for (int writer = 0; writer < 3; writer++) {
            ApiClient session = instances.get(writer).client().login("admin", RunningInstance.ADMIN_PASSWORD);
            String authorization = session.get("/health").raw().request().headers().firstValue("Authorization")
                    .orElseThrow();
            List<ApiClient> sameToken = instances.stream()
                    .map(instance -> instance.client().withHeader("Authorization", authorization)).toList();
            for (ApiClient client : sameToken) {
                assertThat(client.get("/producoes/tipos").status()).isEqualTo(200);
                assertThat(client.get("/producoes/tipos").status()).isEqualTo(200);
            }

            assertThat(session.send("POST", "/auth/logout", null, null).status()).isEqualTo(204);

            for (int i = 0; i < 3; i++) {
                assertThat(sameToken.get(i).get("/producoes/tipos").status()).as("instance %d", i).isEqualTo(401);
            }
        }
        assertThat(hits(0, "sessions")).isPositive();
    }
}
