package fichas.instance.imagens;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An image's metadata as the API shows it; the bytes live in the media directory under a name of
 * the server's ({@code storageName}, not shown).
 */
public record Imagem(long id, long pedidoId, String filename, String contentType, long size, String sha256,
                     String url, String createdAt) {

    /** An image never changes once stored (a new one is another row): API.md's {@code updated_at} of every row. */
    @JsonProperty("updated_at")
    public String updatedAt() {
        return createdAt;
    }

    /** API.md's {@code version} of every row: 1, for the same reason. */
    @JsonProperty("version")
    public long version() {
        return 1;
    }

    static String url(long pedidoId, long id) {
        return "/pedidos/" + pedidoId + "/imagens/" + id;
    }
}
