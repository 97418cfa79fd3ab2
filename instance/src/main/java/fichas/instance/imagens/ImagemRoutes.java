package fichas.instance.imagens;

import fichas.core.http.ErrorCode;
import fichas.core.http.Access;
import fichas.core.http.ApiException;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import fichas.instance.http.Timestamps;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /pedidos/{id}/imagens}: upload, download (with a strong ETag of the sha256) and delete.
 * All file I/O runs here on the worker thread, outside any database transaction.
 */
public final class ImagemRoutes {
    private static final Logger log = LoggerFactory.getLogger(ImagemRoutes.class);

    private final ImagemStore store;
    private final MediaFiles media;
    private final UploadReader uploads;
    private final Clock clock;

    public ImagemRoutes(ImagemStore store, MediaFiles media, Clock clock) {
        this.store = store;
        this.media = media;
        this.uploads = new UploadReader(media);
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                new Route(Methods.POST, "/pedidos/{id}/imagens", Access.USER, BodyKind.UPLOAD, this::upload),
                new Route(Methods.GET, "/pedidos/{id}/imagens/{imagem_id}", Access.USER, BodyKind.NONE, this::download),
                new Route(Methods.DELETE, "/pedidos/{id}/imagens/{imagem_id}", Access.USER, BodyKind.NONE, this::delete));
    }

    private void upload(ApiRequest request) throws IOException {
        long pedidoId = request.pathId("id");
        store.requirePedido(pedidoId);
        UploadReader.Upload upload = uploads.read(request);
        MediaFiles.Received received = upload.received();
        ImageType type = ImageType.detect(received.head()).orElse(null);
        if (type == null) {
            MediaFiles.deleteQuietly(received.temp());
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the file is not a PNG, JPEG or WebP image (judged by its first bytes)");
        }
        Imagem imagem;
        try {
            media.publish(received);
            imagem = store.insert(pedidoId, upload.filename(), type.contentType, received.size(), received.sha256(),
                    Timestamps.now(clock), request.afterWrite());
        } catch (IOException | RuntimeException e) {
            media.abandon(received);
            throw e;
        }
        media.confirm(received);
        log.info("imagem {} of pedido {} stored: {} bytes, {}", imagem.id(), pedidoId, imagem.size(), type.contentType);
        request.created(imagem.url(), imagem);
    }

    private void download(ApiRequest request) throws IOException {
        Imagem imagem = store.find(request.pathId("id"), request.pathId("imagem_id"));
        HttpServerExchange exchange = request.exchange();
        String etag = "\"" + imagem.sha256() + "\"";
        exchange.getResponseHeaders().put(Headers.ETAG, etag);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, no-cache");
        if (matches(request.header("If-None-Match").orElse(null), etag)) {
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }
        try (var in = Files.newInputStream(media.pathOf(imagem.sha256()))) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, imagem.contentType());
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, imagem.size());
            try (OutputStream out = exchange.getOutputStream()) {
                in.transferTo(out);
            }
        } catch (NoSuchFileException e) {
            log.error("imagem {} of pedido {}: its file {} is missing", imagem.id(), imagem.pedidoId(), imagem.sha256());
            throw ApiException.notFound("the bytes of imagem " + imagem.id() + " are missing");
        }
    }

    private void delete(ApiRequest request) {
        String sha256 = store.delete(request.pathId("id"), request.pathId("imagem_id"));
        media.release(sha256);
        request.noContent();
    }

    /** RFC 9110 If-None-Match: a list of entity tags or {@code *}, compared weakly. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
}
