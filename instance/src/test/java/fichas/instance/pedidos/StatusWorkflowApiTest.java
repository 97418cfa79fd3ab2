package fichas.instance.pedidos;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair of statuses, against the table of API.md written out by hand. */
@WithInstance
class StatusWorkflowApiTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;
    static PedidoFixtures fixtures;
    static long cliente;
    static long tipo;

    /** How to reach each status from recebido. */
    static final Map<String, List<String>> PATH = Map.of(
            "recebido", List.of(),
            "em_producao", List.of("em_producao"),
            "concluido", List.of("em_producao", "concluido"),
            "entregue", List.of("em_producao", "concluido", "entregue"),
            "cancelado", List.of("cancelado"));

    static Stream<Arguments> everyPair() {
        String[][] table = {
                // from, to, allowed?
                {"recebido", "recebido", "no"}, {"recebido", "em_producao", "yes"}, {"recebido", "concluido", "no"},
                {"recebido", "entregue", "no"}, {"recebido", "cancelado", "yes"},
                {"em_producao", "recebido", "no"}, {"em_producao", "em_producao", "no"},
                {"em_producao", "concluido", "yes"}, {"em_producao", "entregue", "no"},
                {"em_producao", "cancelado", "yes"},
                {"concluido", "recebido", "no"}, {"concluido", "em_producao", "no"}, {"concluido", "concluido", "no"},
                {"concluido", "entregue", "yes"}, {"concluido", "cancelado", "yes"},
                {"entregue", "recebido", "no"}, {"entregue", "em_producao", "no"}, {"entregue", "concluido", "no"},
                {"entregue", "entregue", "no"}, {"entregue", "cancelado", "no"},
                {"cancelado", "recebido", "no"}, {"cancelado", "em_producao", "no"}, {"cancelado", "concluido", "no"},
                {"cancelado", "entregue", "no"}, {"cancelado", "cancelado", "no"}};
        return Stream.of(table).map(row -> Arguments.of(row[0], row[1], row[2].equals("yes")));
    }

    @BeforeAll
    static void start() {
        fixtures = new PedidoFixtures(admin);
        cliente = fixtures.cliente("Workflow");
        tipo = fixtures.tipo("SOLDA");
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("everyPair")
    void a_status_change_is_applied_and_recorded_only_when_the_workflow_allows_it(String from, String to,
                                                                                  boolean allowed) {
        long id = fixtures.pedido(cliente, tipo);
        PATH.get(from).forEach(step -> assertThat(admin.patch("/pedidos/" + id + "/status",
                Map.of("status", step)).status()).isEqualTo(200));
        int historyBefore = admin.get("/pedidos/" + id + "/export").json().get("status_history").size();
        long versionBefore = admin.get("/pedidos/" + id).json().get("version").asLong();

        ApiResponse response = admin.patch("/pedidos/" + id + "/status", Map.of("status", to));

        if (allowed) {
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("status").asText()).isEqualTo(to);
            assertThat(response.json().get("version").asLong()).isEqualTo(versionBefore + 1);
        } else {
            assertThat(response.status()).as(response.toString()).isEqualTo(409);
            assertThat(response.errorCode()).isEqualTo("invalid_transition");
        }
        var history = admin.get("/pedidos/" + id + "/export").json().get("status_history");
        assertThat(history).hasSize(historyBefore + (allowed ? 1 : 0));
        assertThat(history.get(history.size() - 1).get("to").asText()).isEqualTo(allowed ? to : from);
    }

    @Test
    void a_value_that_is_not_a_status_is_a_validation_error() {
        long id = fixtures.pedido(cliente, tipo);
        for (Object bad : List.of("pronto", "RECEBIDO", 3)) {
            ApiResponse response = admin.patch("/pedidos/" + id + "/status", Map.of("status", bad));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("validation_failed");
            assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("status");
        }
        assertThat(admin.patch("/pedidos/" + id + "/status", Map.of()).errorCode()).isEqualTo("validation_failed");
        assertThat(admin.patch("/pedidos/" + id + "/status", Map.of("status", "em_producao", "x", 1)).errorCode())
                .isEqualTo("validation_failed");
    }

    @Test
    void a_stale_version_in_a_status_change_is_a_version_conflict() {
        long id = fixtures.pedido(cliente, tipo);
        assertThat(admin.patch("/pedidos/" + id + "/status", Map.of("status", "em_producao", "version", 1)).status())
                .isEqualTo(200);
        ApiResponse stale = admin.patch("/pedidos/" + id + "/status", Map.of("status", "concluido", "version", 1));
        assertThat(stale.errorCode()).isEqualTo("version_conflict");
        assertThat(admin.patch("/pedidos/999999/status", Map.of("status", "em_producao")).status()).isEqualTo(404);
    }
}
