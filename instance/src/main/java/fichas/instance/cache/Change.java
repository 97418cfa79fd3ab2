package fichas.instance.cache;

/**
 * One row of {@code change_log}: {@code entity} ({@code cliente}, {@code tipo}, {@code pedido})
 * with id {@code entityId} changed; {@code scope} is the pedido status the change touched, or null.
 */
public record Change(long seq, String entity, long entityId, String scope) {
}
