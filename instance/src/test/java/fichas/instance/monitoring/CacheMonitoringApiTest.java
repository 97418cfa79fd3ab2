package fichas.instance.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithInstance
class CacheMonitoringApiTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;

    private static JsonNode cache(String name) {
        ApiResponse status = admin.get("/monitoring/cache/status");
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        return status.json().get("caches").get(name);
    }

    private static long createCliente(String nome) {
        ApiResponse created = admin.post("/clientes", Map.of("nome", nome));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void a_second_read_of_a_cliente_is_a_hit_and_the_counts_say_so() {
        long id = createCliente("Contagem Ltda");
        JsonNode before = cache("clientes");

        admin.get("/clientes/" + id);
        admin.get("/clientes/" + id);

        JsonNode after = cache("clientes");
        assertThat(after.get("misses").asLong() - before.get("misses").asLong()).isEqualTo(1);
        assertThat(after.get("hits").asLong() - before.get("hits").asLong()).isEqualTo(1);
        assertThat(after.get("size").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(after.get("hit_ratio").asDouble()).isBetween(0.0, 1.0);
        assertThat(after.has("evictions")).isTrue();
    }

    @Test
    void an_update_invalidates_the_cached_cliente_and_the_next_read_shows_it() {
        long id = createCliente("Antes Ltda");
        admin.get("/clientes/" + id);
        long invalidations = cache("clientes").get("invalidations").asLong();

        ApiResponse updated = admin.put("/clientes/" + id, Map.of("nome", "Depois Ltda", "version", 1));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        assertThat(admin.get("/clientes/" + id).json().get("nome").asText()).isEqualTo("Depois Ltda");
        assertThat(cache("clientes").get("invalidations").asLong()).isEqualTo(invalidations + 1);
    }

    @Test
    void a_new_cliente_appears_in_the_cached_first_page_at_once() {
        admin.get("/clientes");
        admin.get("/clientes");
        assertThat(cache("clientes_pages").get("hits").asLong()).isGreaterThanOrEqualTo(1);

        long id = createCliente("Aaa Primeiro da Lista");

        JsonNode first = admin.get("/clientes").json().get("items").get(0);
        assertThat(first.get("id").asLong()).isEqualTo(id);
    }

    @Test
    void a_changed_tipo_is_seen_in_the_cached_catalog_at_once() {
        admin.get("/producoes/tipos");
        JsonNode tipo = admin.get("/producoes/tipos/1").json();

        ApiResponse updated = admin.put("/producoes/tipos/1", Map.of("codigo", tipo.get("codigo").asText(),
                "nome", "Corte a laser", "version", tipo.get("version").asLong()));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        assertThat(admin.get("/producoes/tipos").text()).contains("Corte a laser");
        assertThat(admin.get("/producoes/tipos/1").json().get("nome").asText()).isEqualTo("Corte a laser");
    }

    @Test
    void clear_empties_every_cache_or_only_the_named_one() {
        long id = createCliente("Limpeza Ltda");
        admin.get("/clientes/" + id);
        admin.get("/producoes/tipos");

        assertThat(admin.send("POST", "/monitoring/cache/clear?name=tipos", null, null).status()).isEqualTo(204);
        assertThat(cache("tipos").get("size").asLong()).isZero();
        assertThat(cache("clientes").get("size").asLong()).isGreaterThanOrEqualTo(1);

        assertThat(admin.send("POST", "/monitoring/cache/clear", null, null).status()).isEqualTo(204);
        // the status request below authenticates first, so its own token is cached again
        JsonNode caches = admin.get("/monitoring/cache/status").json().get("caches");
        caches.fields().forEachRemaining(entry -> assertThat(entry.getValue().get("size").asLong())
                .as(entry.getKey()).isLessThanOrEqualTo(entry.getKey().equals("sessions") ? 1 : 0));
    }

    @Test
    void clearing_an_unknown_cache_is_not_found() {
        ApiResponse response = admin.send("POST", "/monitoring/cache/clear?name=nope", null, null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
    }

    @Test
    void the_status_shows_the_coherence_check_and_the_database_guard() {
        admin.get("/producoes/tipos");
        JsonNode status = admin.get("/monitoring/cache/status").json();

        assertThat(status.get("coherence").get("checks").asLong()).isPositive();
        assertThat(status.get("coherence").get("avg_check_us").asDouble()).isPositive();
        // SQLite: the change-feed probe the reads above used; PostgreSQL's feed reads on a connection of its own
        int probes = status.get("coherence").get("open_connections").asInt();
        if (fichas.instance.testing.TestPostgres.selected()) {
            assertThat(probes).isZero();
        } else {
            assertThat(probes).isPositive();
        }
        assertThat(status.get("database").get("circuit").asText()).isEqualTo("CLOSED");
        assertThat(status.get("database").has("busy_retries")).isTrue();
        assertThat(status.get("database").has("slow_statements")).isTrue();
    }

    @Test
    void operadores_may_neither_see_nor_clear_the_caches() {
        ApiResponse created = admin.post("/users", Map.of("username", "op-cache", "password", "senha-forte",
                "role", "operador"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ApiClient operador = instance.client().login("op-cache", "senha-forte");

        assertThat(operador.get("/monitoring/cache/status").status()).isEqualTo(403);
        assertThat(operador.send("POST", "/monitoring/cache/clear", null, null).status()).isEqualTo(403);
    }
}
