package fichas.instance.pedidos;

/** One entry of a pedido's status history; {@code from} is null for the creation. */
public record StatusChange(String from, String to, String changedAt, Long changedBy, String changedByUsername) {
}
