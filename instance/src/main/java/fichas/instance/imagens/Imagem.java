package fichas.instance.imagens;

/**
 * An image's metadata as the API shows it; the bytes live in the media directory under a name of
 * the server's ({@code storageName}, not shown).
 */
public record Imagem(long id, long pedidoId, String filename, String contentType, long size, String sha256,
                     String url, String createdAt) {

    static String url(long pedidoId, long id) {
        return "/pedidos/" + pedidoId + "/imagens/" + id;
    }
}
