package fichas.instance.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.instance.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One published change: {@code seq} is its change_log row (the event id, the same on every
 * instance), {@code data} the one-line JSON of API.md. The SSE frame and the WebSocket message
 * are built once, when the poller reads the row, and shared by every subscriber.
 *
 * @param committedAtMillis the database clock when the change was written, for the lag metric
 */
public record Event(long seq, String type, long committedAtMillis, String data, byte[] sse, String ws) {
    /** The types of API.md, the only values {@code ?types=} accepts. */
    public static final Set<String> TYPES = Set.of("pedido.created", "pedido.updated", "pedido.deleted",
            "pedido.status_changed", "cliente.created", "cliente.updated", "cliente.deleted", "tipo.created",
            "tipo.updated", "imagem.created", "imagem.deleted");
    static final String RESET = "reset";

    static Event of(long seq, String type, long committedAtMillis, ObjectNode data) {
        String json = write(data);
        String frame = "id: " + seq + "\nevent: " + type + "\ndata: " + json + "\n\n";
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("id", seq);
        message.put("type", type);
        message.set("data", data);
        return new Event(seq, type, committedAtMillis, json, frame.getBytes(StandardCharsets.UTF_8), write(message));
    }

    /** {@code event: reset}: the client's last id is older than what is kept (or unknown here). */
    static Event reset(long seq, long oldest) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("type", RESET);
        data.put("oldest", oldest);
        return of(seq, RESET, System.currentTimeMillis(), data);
    }

    private static String write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
