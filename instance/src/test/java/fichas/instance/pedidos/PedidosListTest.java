package fichas.instance.pedidos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@WithInstance
class PedidosListTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;
    static long silva;
    static long souza;
    static long corte;
    static long dobra;
    static final List<Long> ids = new ArrayList<>();

    @BeforeAll
    static void start() {
        PedidoFixtures fixtures = new PedidoFixtures(admin);
        silva = fixtures.cliente("Silva");
        souza = fixtures.cliente("Souza");
        corte = fixtures.tipo("CORTE");
        dobra = fixtures.tipo("DOBRA");
        // entry dates deliberately out of creation order
        String[] dates = {"2026-01-10", "2026-01-05", "2026-01-20", "2026-01-15", "2026-01-01"};
        for (int i = 0; i < dates.length; i++) {
            Map<String, Object> body = fixtures.body(i % 2 == 0 ? silva : souza, i < 3 ? corte : dobra);
            body.put("data_entrada", dates[i]);
            ApiResponse created = admin.post("/pedidos", body);
            assertThat(created.status()).isEqualTo(201);
            ids.add(created.json().get("id").asLong());
        }
        admin.patch("/pedidos/" + ids.get(1) + "/status", Map.of("status", "em_producao"));
        admin.patch("/pedidos/" + ids.get(3) + "/status", Map.of("status", "em_producao"));
    }

    private static List<Long> idsOf(String query) {
        ApiResponse response = admin.get("/pedidos" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<Long> out = new ArrayList<>();
        response.json().get("items").forEach(item -> out.add(item.get("id").asLong()));
        return out;
    }

    @Test
    void the_default_order_is_newest_first() {
        assertThat(idsOf("")).containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(idsOf("?order=data_criacao")).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(3),
                ids.get(4));
    }

    @Test
    void data_entrada_orders_both_ways() {
        assertThat(idsOf("?order=data_entrada")).containsExactly(ids.get(4), ids.get(1), ids.get(0), ids.get(3),
                ids.get(2));
        assertThat(idsOf("?order=-data_entrada")).containsExactly(ids.get(2), ids.get(3), ids.get(0), ids.get(1),
                ids.get(4));
    }

    @Test
    void filters_combine_status_cliente_tipo_and_an_inclusive_date_range() {
        assertThat(idsOf("?status=em_producao&order=data_entrada")).containsExactly(ids.get(1), ids.get(3));
        assertThat(idsOf("?status=recebido&cliente_id=" + silva + "&order=data_criacao"))
                .containsExactly(ids.get(0), ids.get(2), ids.get(4));
        assertThat(idsOf("?tipo_id=" + dobra + "&order=data_criacao")).containsExactly(ids.get(3), ids.get(4));
        assertThat(idsOf("?desde=2026-01-05&ate=2026-01-15&order=data_entrada"))
                .containsExactly(ids.get(1), ids.get(0), ids.get(3));
        assertThat(idsOf("?status=cancelado")).isEmpty();
    }

    @Test
    void pages_carry_the_total() {
        JsonNode page = admin.get("/pedidos?size=2&page=2&order=data_criacao").json();
        assertThat(page.get("total").asLong()).isEqualTo(5);
        assertThat(page.get("page").asInt()).isEqualTo(2);
        assertThat(page.get("size").asInt()).isEqualTo(2);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.at("/items/0/id").asLong()).isEqualTo(ids.get(2));
    }

    @Test
    void totals_by_status_follow_creates_status_changes_and_deletes() {
        long before = total("?status=cancelado");
        long all = total("");
        long id = new PedidoFixtures(admin).pedido(silva, corte);
        assertThat(total("?status=recebido&cliente_id=" + silva)).isEqualTo(4);

        admin.patch("/pedidos/" + id + "/status", Map.of("status", "cancelado"));
        assertThat(total("?status=cancelado")).isEqualTo(before + 1);
        assertThat(total("")).isEqualTo(all + 1);

        admin.delete("/pedidos/" + id);
        assertThat(total("?status=cancelado")).isEqualTo(before);
        assertThat(total("")).isEqualTo(all);
        assertThat(total("?status=em_producao")).isEqualTo(2);
    }

    private static long total(String query) {
        return admin.get("/pedidos" + query).json().get("total").asLong();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?status=pronto", "?order=nome", "?cliente_id=abc", "?tipo_id=0", "?desde=2026-13-01",
            "?ate=ontem", "?desde=2026-02-01&ate=2026-01-01", "?size=501", "?page=0"})
    void a_bad_query_parameter_is_a_bad_request(String query) {
        ApiResponse response = admin.get("/pedidos" + query);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("bad_request");
    }
}
