package fichas.instance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances in this JVM on one file: each has its own pools, feed connection and caches, so to
 * SQLite they are as separate as two processes (the multi-process version is CacheCoherenceIT).
 */
class CrossInstanceCoherenceTest {
    @TempDir
    static Path dataDir;
    static RunningInstance first;
    static RunningInstance second;
    static ApiClient one;
    static ApiClient two;

    @BeforeAll
    static void start() {
        first = RunningInstance.start(dataDir);
        second = RunningInstance.start(dataDir);
        one = first.admin();
        two = second.admin();
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    private static JsonNode createCliente(ApiClient client, String nome) {
        ApiResponse created = client.post("/clientes", Map.of("nome", nome));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    @Test
    void an_update_through_one_instance_is_read_through_the_other_at_once_though_it_was_cached_there() {
        long id = createCliente(one, "Original").get("id").asLong();
        two.get("/clientes/" + id);
        two.get("/clientes/" + id);
        assertThat(second.server().caches().named(Caches.CLIENTES).stats().hits()).isPositive();

        assertThat(one.put("/clientes/" + id, Map.of("nome", "Alterado", "version", 1)).status()).isEqualTo(200);

        assertThat(two.get("/clientes/" + id).json().get("nome").asText()).isEqualTo("Alterado");
    }

    @Test
    void a_delete_through_one_instance_is_a_404_through_the_other_at_once() {
        long id = createCliente(two, "Para apagar").get("id").asLong();
        one.get("/clientes/" + id);

        assertThat(two.delete("/clientes/" + id).status()).isEqualTo(204);

        assertThat(one.get("/clientes/" + id).status()).isEqualTo(404);
    }

    @Test
    void a_cliente_created_through_one_instance_is_in_the_other_instances_cached_first_page() {
        one.get("/clientes?size=500");
        two.get("/clientes?size=500");

        long id = createCliente(one, "AAA Novo no topo").get("id").asLong();

        assertThat(two.get("/clientes?size=500").json().get("items").findValuesAsText("id"))
                .contains(Long.toString(id));
    }

    @Test
    void a_tipo_change_through_one_instance_is_in_the_other_instances_cached_catalog() {
        two.get("/producoes/tipos");
        JsonNode tipo = one.get("/producoes/tipos/2").json();

        assertThat(one.put("/producoes/tipos/2", Map.of("codigo", tipo.get("codigo").asText(), "nome", "Dobra CNC",
                "version", tipo.get("version").asLong())).status()).isEqualTo(200);

        assertThat(two.get("/producoes/tipos").text()).contains("Dobra CNC");
    }

    @Test
    void a_logout_through_one_instance_ends_the_token_on_the_other_at_once_though_its_lookup_was_cached() {
        ApiClient session = first.client().login("admin", RunningInstance.ADMIN_PASSWORD);
        ApiClient sameTokenOnSecond = second.client().withHeader("Authorization",
                session.get("/clientes?size=1").raw().request().headers().firstValue("Authorization").orElseThrow());
        assertThat(sameTokenOnSecond.get("/clientes?size=1").status()).isEqualTo(200);
        assertThat(sameTokenOnSecond.get("/clientes?size=1").status()).isEqualTo(200);

        assertThat(session.send("POST", "/auth/logout", null, null).status()).isEqualTo(204);

        assertThat(sameTokenOnSecond.get("/clientes?size=1").status()).isEqualTo(401);
        assertThat(two.get("/clientes?size=1").status()).as("other tokens of the same user still work").isEqualTo(200);
    }
}
