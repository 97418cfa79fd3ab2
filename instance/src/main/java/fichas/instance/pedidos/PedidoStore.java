package fichas.instance.pedidos;

import fichas.instance.store.AfterWrite;

import fichas.core.http.ErrorCode;
import fichas.instance.clientes.ClienteStore;
import fichas.core.http.ApiException;
import fichas.core.http.FieldError;
import fichas.instance.imagens.ImagemStore;
import fichas.instance.pedidos.StatusWorkflow.Status;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import fichas.instance.tipos.Tipo;
import fichas.instance.tipos.TipoStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes to pedidos and their status history, each in one transaction, and single-pedido reads.
 * Blocking; call from worker threads. References ({@code cliente_id}, {@code tipo_id}) are checked
 * inside the write transaction, so a cliente deleted a moment earlier cannot slip through.
 */
public final class PedidoStore {
    static final String COLUMNS = "id, cliente_id, tipo_id, descricao, quantidade, status, data_entrada, "
            + "data_entrega_prevista, observacoes, created_at, updated_at, version";

    private final Database database;

    public PedidoStore(Database database) {
        this.database = database;
    }

    public Optional<Pedido> find(long id) {
        return database.read(c -> find(c, id));
    }

    static Optional<Pedido> find(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM pedidos WHERE id = ?", PedidoStore::map, id);
    }

    /** Creates a pedido in status {@code recebido} and its first history entry ({@code null → recebido}). */
    public Pedido create(PedidoInput input, String now, long userId, AfterWrite after) {
        return database.write(c -> {
            checkReferences(c, input, null);
            String status = StatusWorkflow.INITIAL.wireName();
            long id = Sql.insert(c, "INSERT INTO pedidos (cliente_id, tipo_id, descricao, quantidade, status, "
                    + "data_entrada, data_entrega_prevista, observacoes, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", input.clienteId(), input.tipoId(), input.descricao(),
                    input.quantidade(), status, input.dataEntrada().toString(), text(input.dataEntregaPrevista()),
                    input.observacoes(), now, now);
            recordChange(c, id, null, status, now, userId);
            return find(c, id).orElseThrow();
        }, after);
    }

    public Pedido update(long id, PedidoInput input, String now) {
        return database.write(c -> {
            Pedido current = find(c, id).orElseThrow(() -> notFound(id));
            if (current.version() != input.version()) {
                throw ApiException.versionConflict("pedido", id, current.version());
            }
            checkReferences(c, input, current);
            Sql.update(c, "UPDATE pedidos SET cliente_id = ?, tipo_id = ?, descricao = ?, quantidade = ?, "
                    + "data_entrada = ?, data_entrega_prevista = ?, observacoes = ?, updated_at = ?, "
                    + "version = version + 1 WHERE id = ?", input.clienteId(), input.tipoId(), input.descricao(),
                    input.quantidade(), input.dataEntrada().toString(), text(input.dataEntregaPrevista()),
                    input.observacoes(), now, id);
            return find(c, id).orElseThrow();
        });
    }

    /**
     * Moves a pedido to {@code target} when the workflow allows it (else 409
     * {@code invalid_transition}), recording the change; {@code expectedVersion}, when given, must match.
     */
    public Pedido changeStatus(long id, Status target, Long expectedVersion, String now, long userId) {
        return database.write(c -> {
            Pedido current = find(c, id).orElseThrow(() -> notFound(id));
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw ApiException.versionConflict("pedido", id, current.version());
            }
            Status from = Status.parse(current.status()).orElseThrow();
            if (!StatusWorkflow.allows(from, target)) {
                throw new ApiException(ErrorCode.INVALID_TRANSITION, "pedido " + id + " cannot go from "
                        + from.wireName() + " to " + target.wireName() + "; allowed next: "
                        + StatusWorkflow.nextSteps(from).stream().map(Status::wireName).toList());
            }
            Sql.update(c, "UPDATE pedidos SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                    target.wireName(), now, id);
            recordChange(c, id, from.wireName(), target.wireName(), now, userId);
            return find(c, id).orElseThrow();
        });
    }

    /** Deletes the pedido with its history and image rows; returns the image files that may now be unused. */
    public List<String> delete(long id) {
        return database.write(c -> {
            find(c, id).orElseThrow(() -> notFound(id));
            List<String> files = ImagemStore.storageNames(c, id);
            Sql.update(c, "DELETE FROM pedidos WHERE id = ?", id);
            return files;
        });
    }

    static ApiException notFound(long id) {
        return ApiException.notFound("pedido " + id + " does not exist");
    }

    /** Cliente must exist; tipo must be active, unless an update keeps the tipo it already had. */
    private static void checkReferences(Connection c, PedidoInput input, Pedido current) throws SQLException {
        List<FieldError> errors = referenceErrors(c, input.clienteId(), input.tipoId(), current);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    /**
     * What {@link #checkReferences} would find, read outside any write: for a 400 that lists these beside the body's
     * other broken fields. {@code pedidoId} is the pedido being updated (null for a create); null ids are skipped.
     */
    public List<FieldError> referenceErrors(Long pedidoId, Long clienteId, Long tipoId) {
        return database.read(c -> referenceErrors(c, clienteId, tipoId, pedidoId == null ? null : find(c, pedidoId).orElse(null)));
    }

    private static List<FieldError> referenceErrors(Connection c, Long clienteId, Long tipoId, Pedido current)
            throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        if (clienteId != null && ClienteStore.find(c, clienteId).isEmpty()) {
            errors.add(new FieldError("cliente_id", "cliente " + clienteId + " does not exist"));
        }
        if (tipoId != null) {
            Optional<Tipo> tipo = TipoStore.find(c, tipoId);
            boolean unchanged = current != null && current.tipoId() == tipoId;
            if (tipo.isEmpty()) {
                errors.add(new FieldError("tipo_id", "tipo " + tipoId + " does not exist"));
            } else if (!tipo.get().ativo() && !unchanged) {
                errors.add(new FieldError("tipo_id", "tipo " + tipoId + " is not active"));
            }
        }
        return errors;
    }

    private static void recordChange(Connection c, long pedidoId, String from, String to, String now, long userId)
            throws SQLException {
        Sql.update(c, "INSERT INTO pedido_status_history (pedido_id, from_status, to_status, changed_at, changed_by) "
                + "VALUES (?, ?, ?, ?, ?)", pedidoId, from, to, now, userId);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static Pedido map(ResultSet rs) throws SQLException {
        String createdAt = rs.getString("created_at");
        return new Pedido(rs.getLong("id"), rs.getLong("cliente_id"), rs.getLong("tipo_id"), rs.getString("descricao"),
                rs.getLong("quantidade"), rs.getString("status"), rs.getString("data_entrada"),
                rs.getString("data_entrega_prevista"), rs.getString("observacoes"), createdAt, createdAt,
                rs.getString("updated_at"), rs.getLong("version"));
    }
}
