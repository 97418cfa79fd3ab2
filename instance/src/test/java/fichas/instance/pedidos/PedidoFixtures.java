package fichas.instance.pedidos;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import java.util.HashMap;
import java.util.Map;

/** Creates the clientes and pedidos a test needs, through the API. */
public final class PedidoFixtures {
    private final ApiClient client;

    public PedidoFixtures(ApiClient client) {
        this.client = client;
    }

    public long cliente(String nome) {
        ApiResponse created = client.post("/clientes", Map.of("nome", nome));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** The id of the seeded tipo with this codigo. */
    public long tipo(String codigo) {
        for (var tipo : client.get("/producoes/tipos").json().get("items")) {
            if (tipo.get("codigo").asText().equals(codigo)) {
                return tipo.get("id").asLong();
            }
        }
        throw new AssertionError("no tipo " + codigo);
    }

    public Map<String, Object> body(long clienteId, long tipoId) {
        Map<String, Object> body = new HashMap<>();
        body.put("cliente_id", clienteId);
        body.put("tipo_id", tipoId);
        body.put("descricao", "Chapa 3mm cortada");
        body.put("quantidade", 10);
        return body;
    }

    public long pedido(long clienteId, long tipoId) {
        ApiResponse created = client.post("/pedidos", body(clienteId, tipoId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }
}
