package fichas.instance.pedidos;

/**
 * A pedido as stored and listed. {@code dataCriacao} is the original system's name for
 * {@code createdAt}; both are shown. Dates are {@code YYYY-MM-DD}, timestamps ISO-8601 UTC.
 */
public record Pedido(long id, long clienteId, long tipoId, String descricao, long quantidade, String status,
                     String dataEntrada, String dataEntregaPrevista, String observacoes, String dataCriacao,
                     String createdAt, String updatedAt, long version) {
}
