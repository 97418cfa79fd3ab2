package fichas.instance.clientes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clientes written without their sort key — by a version before schema 8 still running during a rolling upgrade, or by
 * hand — get it back when an instance starts, and every instance's cached list follows.
 */
class SortKeyRepairApiTest {
    @TempDir
    Path dataDir;

    @Test
    void an_instance_that_starts_sets_missing_and_stale_sort_keys_and_the_other_instances_list_follows()
            throws Exception {
        try (RunningInstance first = RunningInstance.start(dataDir)) {
            ApiClient admin = first.admin();
            for (String nome : List.of("Bruno Reparo", "Álvaro Reparo", "Carla Reparo")) {
                assertThat(admin.post("/clientes", Map.of("nome", nome)).status()).isEqualTo(201);
            }
            assertThat(names(admin)).containsExactly("Álvaro Reparo", "Bruno Reparo", "Carla Reparo"); // now cached
            try (Connection c = first.connectToDatabase(); Statement s = c.createStatement()) {
                // what an older version leaves: no key on insert, the old key after a rename
                s.execute("UPDATE clientes SET nome_key = '' WHERE nome = 'Carla Reparo'");
                s.execute("UPDATE clientes SET nome = 'Ana Reparo', version = version + 1 WHERE nome = 'Bruno Reparo'");
            }
            admin.post("/clientes", Map.of("nome", "Outro")); // the rename's event clears the cached page
            assertThat(names(admin)).as("before the repair").containsExactly("Carla Reparo", "Álvaro Reparo",
                    "Ana Reparo");

            try (RunningInstance second = RunningInstance.start(dataDir)) {
                List<String> repaired = List.of("Álvaro Reparo", "Ana Reparo", "Carla Reparo");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(names(second.admin())).containsExactlyElementsOf(repaired));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(names(admin)).as("the first instance's cached page").containsExactlyElementsOf(repaired));
            }
        }
    }

    private static List<String> names(ApiClient client) {
        ApiResponse response = client.get("/clientes?size=500");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.json().get("items").forEach(item -> {
            if (item.get("nome").asText().endsWith("Reparo")) {
                names.add(item.get("nome").asText());
            }
        });
        return names;
    }
}
