package fichas.instance.tipos;

import fichas.instance.store.AfterWrite;

import fichas.instance.cache.Caches;
import fichas.instance.cache.NamedCache;
import fichas.core.http.ApiException;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import fichas.instance.store.SqliteErrors;
import fichas.instance.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The tipos catalog in the shared database. The catalog is small and read on every pedido form,
 * so it is cached whole per filter and a single tipo is looked up in the cached catalog; any tipo
 * change invalidates the catalog (through change_log, on every instance). Blocking; call from
 * worker threads.
 */
public final class TipoStore {
    private static final String COLUMNS = "id, codigo, nome, descricao, ativo, created_at, updated_at, version";

    private final Database database;
    private final NamedCache<Optional<Boolean>, List<Tipo>> catalog;

    public TipoStore(Database database, Caches caches) {
        this.database = database;
        this.catalog = caches.named(Caches.TIPOS);
    }

    /** The whole catalog by codigo, optionally only active or only inactive tipos. */
    public List<Tipo> list(Optional<Boolean> ativo) {
        return catalog.get(ativo, () -> read(ativo));
    }

    private List<Tipo> read(Optional<Boolean> ativo) {
        return List.copyOf(database.read(c -> ativo.isPresent()
                ? Sql.list(c, "SELECT " + COLUMNS + " FROM tipos WHERE ativo = ? ORDER BY codigo", TipoStore::map,
                        ativo.get() ? 1 : 0)
                : Sql.list(c, "SELECT " + COLUMNS + " FROM tipos ORDER BY codigo", TipoStore::map)));
    }

    public Optional<Tipo> find(long id) {
        return list(Optional.empty()).stream().filter(tipo -> tipo.id() == id).findFirst();
    }

    public static Optional<Tipo> find(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM tipos WHERE id = ?", TipoStore::map, id);
    }

    public Tipo create(TipoInput input, String now, AfterWrite after) {
        return database.write(c -> {
            try {
                long id = Sql.insert(c, "INSERT INTO tipos (codigo, nome, descricao, ativo, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", input.codigo(), input.nome(), input.descricao(),
                        input.ativo() ? 1 : 0, now, now);
                return new Tipo(id, input.codigo(), input.nome(), input.descricao(), input.ativo(), now, now, 1);
            } catch (SQLException e) {
                throw duplicateCodigo(e, input);
            }
        }, after);
    }

    public Tipo update(long id, TipoInput input, String now) {
        return database.write(c -> {
            Tipo current = find(c, id).orElseThrow(() -> notFound(id));
            if (current.version() != input.version()) {
                throw ApiException.versionConflict("tipo", id, current.version());
            }
            try {
                Sql.update(c, "UPDATE tipos SET codigo = ?, nome = ?, descricao = ?, ativo = ?, updated_at = ?, "
                        + "version = version + 1 WHERE id = ?", input.codigo(), input.nome(), input.descricao(),
                        input.ativo() ? 1 : 0, now, id);
            } catch (SQLException e) {
                throw duplicateCodigo(e, input);
            }
            return new Tipo(id, input.codigo(), input.nome(), input.descricao(), input.ativo(), current.createdAt(),
                    now, current.version() + 1);
        });
    }

    static ApiException notFound(long id) {
        return ApiException.notFound("tipo " + id + " does not exist");
    }

    private static RuntimeException duplicateCodigo(SQLException e, TipoInput input) {
        if (SqliteErrors.isUniqueViolation(e)) {
            return ApiException.conflict("another tipo has codigo " + input.codigo());
        }
        return new StoreException(e);
    }

    static Tipo map(ResultSet rs) throws SQLException {
        return new Tipo(rs.getLong("id"), rs.getString("codigo"), rs.getString("nome"), rs.getString("descricao"),
                rs.getInt("ativo") == 1, rs.getString("created_at"), rs.getString("updated_at"), rs.getLong("version"));
    }
}
