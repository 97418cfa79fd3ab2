package fichas.instance.pedidos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.core.http.FieldError;
import fichas.instance.http.JsonFields;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The editable fields of a pedido, validated for shape (types, lengths, dates); whether
 * {@code cliente_id} and {@code tipo_id} exist is checked by the store, in the write transaction.
 * {@code version} is present only on updates.
 */
record PedidoInput(long clienteId, long tipoId, String descricao, long quantidade, LocalDate dataEntrada,
                   LocalDate dataEntregaPrevista, String observacoes, Long version) {
    static final int MAX_DESCRICAO = 2000;
    static final int MAX_OBSERVACOES = 2000;
    private static final Set<String> FIELDS = Set.of("cliente_id", "tipo_id", "descricao", "quantidade",
            "data_entrada", "data_entrega_prevista", "observacoes");
    private static final Set<String> READ_ONLY = Set.of("id", "status", "created_at", "updated_at", "data_criacao",
            "cliente", "imagens");

    /**
     * What is wrong with a {@code cliente_id} and a {@code tipo_id} (either may be null: not given or not a valid id).
     * Asked only when another field is broken, so that one 400 lists every broken field; when the rest is sound the
     * store checks the references in the write's own transaction.
     */
    @FunctionalInterface
    interface References {
        List<FieldError> errors(Long clienteId, Long tipoId);
    }

    /** {@code today} fills a missing {@code data_entrada}. */
    static PedidoInput forCreate(ObjectNode body, LocalDate today, References references) {
        return read(body, false, today, references);
    }

    static PedidoInput forUpdate(ObjectNode body, LocalDate today, References references) {
        return read(body, true, today, references);
    }

    private static PedidoInput read(ObjectNode body, boolean update, LocalDate today, References references) {
        Set<String> allowed = new HashSet<>(FIELDS);
        if (update) {
            allowed.add("version");
        }
        JsonFields fields = new JsonFields(body, allowed, update ? READ_ONLY : Set.of());
        Long clienteId = fields.requiredLong("cliente_id", 1, Long.MAX_VALUE);
        Long tipoId = fields.requiredLong("tipo_id", 1, Long.MAX_VALUE);
        String descricao = fields.requiredString("descricao", MAX_DESCRICAO);
        Long quantidade = fields.requiredLong("quantidade", 1, Integer.MAX_VALUE);
        LocalDate dataEntrada = fields.optionalDate("data_entrada");
        LocalDate prevista = fields.optionalDate("data_entrega_prevista");
        String observacoes = fields.optionalString("observacoes", MAX_OBSERVACOES);
        Long version = update ? fields.requiredLong("version", 1, Long.MAX_VALUE) : null;
        if (dataEntrada == null && !fields.hasError("data_entrada")) {
            dataEntrada = today;
        }
        if (dataEntrada != null && prevista != null && prevista.isBefore(dataEntrada)) {
            fields.reject("data_entrega_prevista", "must not be before data_entrada (" + dataEntrada + ")");
        }
        if (fields.hasErrors() && (clienteId != null || tipoId != null)) {
            references.errors(clienteId, tipoId).forEach(error -> fields.reject(error.field(), error.message()));
        }
        fields.validate();
        return new PedidoInput(clienteId, tipoId, descricao, quantidade, dataEntrada, prevista, observacoes, version);
    }
}
