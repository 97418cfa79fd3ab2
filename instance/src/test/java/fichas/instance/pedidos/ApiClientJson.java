package fichas.instance.pedidos;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a read body into a map a test can edit and send back. */
final class ApiClientJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiClientJson() {
    }

    static Map<String, Object> toMap(JsonNode node) {
        return new LinkedHashMap<>(MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() {
        }));
    }
}
