package fichas.instance.pedidos;

import fichas.instance.cache.Caches;
import fichas.instance.cache.ListKey;
import fichas.instance.cache.NamedCache;
import fichas.instance.cache.RefersTo;
import fichas.instance.clientes.Cliente;
import fichas.instance.clientes.ClienteStore;
import fichas.instance.http.Json;
import fichas.instance.http.Page;
import fichas.instance.http.PageRequest;
import fichas.instance.imagens.ImagemStore;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import fichas.instance.store.SqlWork;
import fichas.instance.tipos.TipoStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of pedidos: the filtered list, one pedido with its cliente and images, and the
 * export document. Reads that combine several tables run in one read transaction, so they see one
 * snapshot. One pedido and the first pages of the unfiltered or status-filtered list are served
 * from coherent caches ({@link Caches}): the change_log triggers record every pedido and image
 * change with the statuses it touches. Blocking; call from worker threads.
 */
public final class PedidoQueries {
    private final Database database;
    private final NamedCache<Long, Detail> details;
    private final NamedCache<ListKey, Page<Pedido>> pages;
    private final int cachedPages;

    public PedidoQueries(Database database, Caches caches) {
        this.database = database;
        this.details = caches.named(Caches.PEDIDOS);
        this.pages = caches.named(Caches.PEDIDOS_PAGES);
        this.cachedPages = caches.listPages();
    }

    public Page<Pedido> list(PedidoFilter filter, PageRequest page) {
        boolean onlyByStatus = filter.clienteId().isEmpty() && filter.tipoId().isEmpty() && filter.desde().isEmpty()
                && filter.ate().isEmpty();
        if (onlyByStatus && page.page() <= cachedPages) {
            ListKey key = new ListKey(filter.status().map(s -> s.wireName()).orElse(""), filter.orderBy(), page.page(),
                    page.size());
            return pages.get(key, () -> read(filter, page));
        }
        return read(filter, page);
    }

    private Page<Pedido> read(PedidoFilter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        return database.read(c -> {
            List<Object> pageParams = new ArrayList<>(params);
            pageParams.add(page.size());
            pageParams.add(page.offset());
            List<Pedido> items = Sql.list(c, listSql(filter, where), PedidoStore::map, pageParams.toArray());
            return Page.of(items, page, total(c, filter, where, params));
        });
    }

    /** Status-only (or no) filters read the trigger-kept counts; other filters count their rows. */
    private static long total(Connection c, PedidoFilter filter, String where, List<Object> params)
            throws SQLException {
        if (filter.onlyStatus()) {
            return filter.status().isPresent()
                    ? Sql.count(c, "SELECT n FROM pedido_status_counts WHERE status = ?", filter.status().get().wireName())
                    : Sql.count(c, "SELECT COALESCE(SUM(n), 0) FROM pedido_status_counts");
        }
        return Sql.count(c, "SELECT COUNT(*) FROM pedidos" + where, params.toArray());
    }

    /** The page query; package-visible so a test can ask SQLite for its plan. */
    static String listSql(PedidoFilter filter, String where) {
        return "SELECT " + PedidoStore.COLUMNS + " FROM pedidos" + where + " ORDER BY " + filter.orderBy()
                + " LIMIT ? OFFSET ?";
    }

    /** The pedido with {@code cliente} ({@code id, nome}) and {@code imagens}. */
    public Map<String, Object> detail(long id) {
        return details.get(id, () -> readDetail(id)).body();
    }

    /** A cached detail shows its cliente's nome, so a change to that cliente invalidates it. */
    private record Detail(long clienteId, Map<String, Object> body) implements RefersTo {
        @Override
        public boolean refersTo(String entity, long id) {
            return entity.equals("cliente") && id == clienteId;
        }
    }

    private Detail readDetail(long id) {
        return snapshot(c -> {
            Pedido pedido = PedidoStore.find(c, id).orElseThrow(() -> PedidoStore.notFound(id));
            Map<String, Object> out = fields(pedido);
            Cliente cliente = ClienteStore.find(c, pedido.clienteId()).orElseThrow();
            out.put("cliente", Map.of("id", cliente.id(), "nome", cliente.nome()));
            out.put("imagens", ImagemStore.listFor(c, id));
            return new Detail(pedido.clienteId(), Collections.unmodifiableMap(out));
        });
    }

    /** The whole pedido as one document: its fields, cliente, tipo, images (with URLs) and status history. */
    public Map<String, Object> export(long id, String exportedAt) {
        return snapshot(c -> {
            Pedido pedido = PedidoStore.find(c, id).orElseThrow(() -> PedidoStore.notFound(id));
            Map<String, Object> out = fields(pedido);
            out.put("cliente", ClienteStore.find(c, pedido.clienteId()).orElseThrow());
            out.put("tipo", TipoStore.find(c, pedido.tipoId()).orElseThrow());
            out.put("imagens", ImagemStore.listFor(c, id));
            out.put("status_history", history(c, id));
            out.put("exported_at", exportedAt);
            return out;
        });
    }

    static List<StatusChange> history(Connection c, long pedidoId) throws SQLException {
        return Sql.list(c, "SELECT h.from_status, h.to_status, h.changed_at, h.changed_by, u.username "
                + "FROM pedido_status_history h LEFT JOIN users u ON u.id = h.changed_by "
                + "WHERE h.pedido_id = ? ORDER BY h.id", rs -> new StatusChange(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getObject(4) == null ? null : rs.getLong(4), rs.getString(5)), pedidoId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Pedido pedido) {
        return new LinkedHashMap<>(Json.MAPPER.convertValue(pedido, Map.class));
    }

    private <T> T snapshot(SqlWork<T> work) {
        return database.read(c -> {
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }
}
