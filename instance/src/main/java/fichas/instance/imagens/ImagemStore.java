package fichas.instance.imagens;

import fichas.instance.store.AfterWrite;

import fichas.core.http.ApiException;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Image metadata rows. Blocking; call from worker threads. The bytes are {@link MediaFiles}' job
 * and are never touched inside these transactions.
 */
public final class ImagemStore {
    private static final String COLUMNS = "id, pedido_id, filename, content_type, size, sha256, created_at";

    private final Database database;

    public ImagemStore(Database database) {
        this.database = database;
    }

    /** Inserts the row of bytes already published under {@code sha256}; 404 when the pedido is gone. */
    public Imagem insert(long pedidoId, String filename, String contentType, long size, String sha256, String now,
                         AfterWrite after) {
        return database.write(c -> {
            requirePedido(c, pedidoId);
            long id = Sql.insert(c, "INSERT INTO imagens (pedido_id, filename, content_type, size, sha256, "
                    + "storage_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", pedidoId, filename, contentType, size,
                    sha256, sha256, now);
            return new Imagem(id, pedidoId, filename, contentType, size, sha256, Imagem.url(pedidoId, id), now);
        }, after);
    }

    public Imagem find(long pedidoId, long imagemId) {
        return database.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM imagens WHERE id = ? AND pedido_id = ?",
                ImagemStore::map, imagemId, pedidoId)).orElseThrow(() -> notFound(pedidoId, imagemId));
    }

    /** Deletes the row; returns the hash whose file may now be unused. */
    public String delete(long pedidoId, long imagemId) {
        return database.write(c -> {
            Optional<String> sha = Sql.one(c, "SELECT storage_name FROM imagens WHERE id = ? AND pedido_id = ?",
                    rs -> rs.getString(1), imagemId, pedidoId);
            if (sha.isEmpty()) {
                throw notFound(pedidoId, imagemId);
            }
            Sql.update(c, "DELETE FROM imagens WHERE id = ?", imagemId);
            return sha.get();
        });
    }

    public void requirePedido(long pedidoId) {
        database.read(c -> {
            requirePedido(c, pedidoId);
            return null;
        });
    }

    /** Whether any row still points at the file of {@code sha256}. */
    public boolean isReferenced(String sha256) {
        return database.read(c -> Sql.count(c, "SELECT COUNT(*) FROM imagens WHERE storage_name = ?", sha256) > 0);
    }

    public static List<Imagem> listFor(Connection c, long pedidoId) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM imagens WHERE pedido_id = ? ORDER BY id", ImagemStore::map,
                pedidoId);
    }

    public static List<String> storageNames(Connection c, long pedidoId) throws SQLException {
        return Sql.list(c, "SELECT DISTINCT storage_name FROM imagens WHERE pedido_id = ?", rs -> rs.getString(1),
                pedidoId);
    }

    private static void requirePedido(Connection c, long pedidoId) throws SQLException {
        if (Sql.count(c, "SELECT COUNT(*) FROM pedidos WHERE id = ?", pedidoId) == 0) {
            throw ApiException.notFound("pedido " + pedidoId + " does not exist");
        }
    }

    private static ApiException notFound(long pedidoId, long imagemId) {
        return ApiException.notFound("pedido " + pedidoId + " has no imagem " + imagemId);
    }

    private static Imagem map(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        long pedidoId = rs.getLong("pedido_id");
        return new Imagem(id, pedidoId, rs.getString("filename"), rs.getString("content_type"), rs.getLong("size"),
                rs.getString("sha256"), Imagem.url(pedidoId, id), rs.getString("created_at"));
    }
}
