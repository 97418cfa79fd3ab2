package fichas.instance.clientes;

import fichas.instance.store.AfterWrite;

import fichas.instance.cache.Caches;
import fichas.instance.cache.ListKey;
import fichas.instance.cache.NamedCache;
import fichas.core.http.ApiException;
import fichas.instance.http.Page;
import fichas.instance.http.PageRequest;
import fichas.instance.http.Timestamps;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import fichas.instance.store.SortKey;
import fichas.instance.store.SqliteErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Clientes in the shared database. Reads by id and the first pages of the unfiltered list go
 * through coherent caches ({@link Caches}); writes need no cache code, since the change_log
 * triggers record them and every instance's feed invalidates. Blocking; call from worker threads.
 */
public final class ClienteStore {
    private static final String COLUMNS = "id, nome, documento, email, telefone, endereco, created_at, updated_at, version";

    private final Database database;
    private final NamedCache<Long, Cliente> byId;
    private final NamedCache<ListKey, Page<Cliente>> pages;
    private final int cachedPages;

    public ClienteStore(Database database, Caches caches) {
        this.database = database;
        this.byId = caches.named(Caches.CLIENTES);
        this.pages = caches.named(Caches.CLIENTES_PAGES);
        this.cachedPages = caches.listPages();
    }

    public Optional<Cliente> find(long id) {
        return Optional.ofNullable(byId.get(id, () -> database.read(c -> find(c, id)).orElse(null)));
    }

    public static Optional<Cliente> find(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM clientes WHERE id = ?", ClienteStore::map, id);
    }

    /**
     * Clientes by nome without regard to case or accents ({@link SortKey}); {@code q} matches nome, documento or
     * email ({@link ClienteSearch}).
     */
    public Page<Cliente> list(Optional<String> q, PageRequest page) {
        if (q.map(String::isBlank).orElse(true) && page.page() <= cachedPages) {
            return pages.get(new ListKey("", "", page.page(), page.size()), () -> read(Optional.empty(), page));
        }
        return read(q, page);
    }

    private Page<Cliente> read(Optional<String> q, PageRequest page) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        q.map(String::strip).filter(s -> !s.isEmpty()).map(ClienteSearch::of).ifPresent(search -> {
            where.append(search.where(database.isPostgres()));
            params.addAll(search.parameters(database.isPostgres()));
        });
        return database.read(c -> {
            List<Object> pageParams = new ArrayList<>(params);
            pageParams.add(page.size());
            pageParams.add(page.offset());
            List<Cliente> items = Sql.list(c, "SELECT " + COLUMNS + " FROM clientes" + where
                    + " ORDER BY nome_key, id LIMIT ? OFFSET ?", ClienteStore::map, pageParams.toArray());
            long total = Sql.count(c, "SELECT COUNT(*) FROM clientes" + where, params.toArray());
            return Page.of(items, page, total);
        });
    }

    /**
     * Sets {@code nome_key} again wherever it is not nome's {@link SortKey}, and returns how many rows that was. Schema 8
     * fills the key once; a version before it that still runs during a rolling upgrade (or a hand edit of the file)
     * writes clientes without it, and they would sort first for good. Run once at each start, off the request path:
     * reads in id order, 1,000 rows at a time, and writes only the rows that differ — each with a change-log row, so
     * every instance's cached list pages are invalidated (no event: nothing a client changed).
     */
    public int repairSortKeys() {
        int repaired = 0;
        long after = Long.MIN_VALUE;
        SortKey.Batch batch;
        do {
            long from = after;
            batch = database.read(c -> SortKey.scanClientes(c, from));
            List<SortKey.Stale> stale = batch.stale();
            if (!stale.isEmpty()) {
                String now = Timestamps.format(Instant.now());
                repaired += database.write(c -> {
                    int n = 0;
                    for (SortKey.Stale row : stale) {
                        // AND nome = ?: a rename since the read brought its own key
                        if (Sql.update(c, "UPDATE clientes SET nome_key = ? WHERE id = ? AND nome = ?", row.key(),
                                row.id(), row.nome()) > 0) {
                            Sql.update(c, "INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('cliente', ?, ?)",
                                    row.id(), now);
                            n++;
                        }
                    }
                    return n;
                });
            }
            after = batch.lastId();
        } while (batch.more());
        return repaired;
    }

    public Cliente create(ClienteInput input, String now, AfterWrite after) {
        return database.write(c -> {
            try {
                long id = Sql.insert(c, "INSERT INTO clientes (nome, nome_key, documento, email, telefone, endereco, "
                        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", input.nome(),
                        SortKey.of(input.nome()), input.documento(), input.email(), input.telefone(), input.endereco(),
                        now, now);
                return new Cliente(id, input.nome(), input.documento(), input.email(), input.telefone(),
                        input.endereco(), now, now, 1);
            } catch (SQLException e) {
                throw duplicateDocumento(e, input);
            }
        }, after);
    }

    public Cliente update(long id, ClienteInput input, String now) {
        return database.write(c -> {
            Cliente current = find(c, id).orElseThrow(() -> notFound(id));
            if (current.version() != input.version()) {
                throw ApiException.versionConflict("cliente", id, current.version());
            }
            try {
                Sql.update(c, "UPDATE clientes SET nome = ?, nome_key = ?, documento = ?, email = ?, telefone = ?, "
                        + "endereco = ?, updated_at = ?, version = version + 1 WHERE id = ?", input.nome(),
                        SortKey.of(input.nome()), input.documento(), input.email(), input.telefone(), input.endereco(),
                        now, id);
            } catch (SQLException e) {
                throw duplicateDocumento(e, input);
            }
            return new Cliente(id, input.nome(), input.documento(), input.email(), input.telefone(), input.endereco(),
                    current.createdAt(), now, current.version() + 1);
        });
    }

    public void delete(long id) {
        database.write(c -> {
            find(c, id).orElseThrow(() -> notFound(id));
            if (Sql.count(c, "SELECT COUNT(*) FROM pedidos WHERE cliente_id = ?", id) > 0) {
                throw ApiException.conflict("cliente " + id + " has pedidos and cannot be deleted");
            }
            return Sql.update(c, "DELETE FROM clientes WHERE id = ?", id);
        });
    }

    static ApiException notFound(long id) {
        return ApiException.notFound("cliente " + id + " does not exist");
    }

    private static RuntimeException duplicateDocumento(SQLException e, ClienteInput input) {
        if (SqliteErrors.isUniqueViolation(e)) {
            return ApiException.conflict("another cliente has documento " + input.documento());
        }
        return new fichas.instance.store.StoreException(e);
    }

    static Cliente map(ResultSet rs) throws SQLException {
        return new Cliente(rs.getLong("id"), rs.getString("nome"), rs.getString("documento"), rs.getString("email"),
                rs.getString("telefone"), rs.getString("endereco"), rs.getString("created_at"),
                rs.getString("updated_at"), rs.getLong("version"));
    }
}
