package fichas.instance.backup;

import fichas.core.http.Access;
import fichas.core.http.ApiException;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.Responses;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.xnio.IoUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;

/**
 * {@code /backups} (admin only, API.md "Backups (admin)"): take one ({@code 409 conflict} while one
 * runs, on any instance), list newest first, download one as a zip streamed as it is built, delete
 * one. A name that is not a valid backup name cannot exist: {@code 404}, as for an unknown one.
 */
public final class BackupRoutes {
    private static final Logger log = LoggerFactory.getLogger(BackupRoutes.class);

    private final BackupService service;

    public BackupRoutes(BackupService service) {
        this.service = service;
    }

    public List<Route> routes() {
        return List.of(
                new Route(Methods.POST, "/backups", Access.ADMIN, BodyKind.NONE, this::create),
                new Route(Methods.GET, "/backups", Access.ADMIN, BodyKind.NONE, this::list),
                new Route(Methods.GET, "/backups/{name}/download", Access.ADMIN, BodyKind.NONE, this::download),
                new Route(Methods.DELETE, "/backups/{name}", Access.ADMIN, BodyKind.NONE, this::delete));
    }

    private void create(ApiRequest request) {
        BackupManifest manifest;
        try {
            manifest = service.takeNow();
        } catch (BackupBusyException e) {
            throw ApiException.conflict("a backup is already running; try again when it has finished");
        }
        request.respond(201, BackupInfo.of(manifest));
    }

    private void list(ApiRequest request) {
        request.respond(200, Map.of("items", service.backups().list().stream().map(BackupInfo::of).toList()));
    }

    private void download(ApiRequest request) throws IOException {
        String name = existing(request);
        HttpServerExchange exchange = request.exchange();
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, BackupArchive.CONTENT_TYPE);
        exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".zip\"");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        if (Responses.endedHead(exchange)) {
            return; // not a whole archive built to be thrown away
        }
        OutputStream out = exchange.getOutputStream();
        try {
            service.backups().archive(name, out);
        } catch (IOException | RuntimeException e) {
            if (exchange.isResponseStarted()) {
                abort(exchange, name, e);
                return;
            }
            if (e instanceof NoSuchFileException) {
                throw notFound(name); // deleted or pruned since it was found
            }
            throw e;
        }
        out.close();
    }

    /**
     * The client has part of the archive: the connection is closed without the last chunk, so that it sees a broken
     * download. Closing the stream normally would end the chunked body cleanly, a 200 with a short zip that looks whole.
     */
    private static void abort(HttpServerExchange exchange, String name, Exception cause) {
        log.warn("backup {} download cut: {}", name, cause.toString());
        IoUtils.safeClose(exchange.getConnection());
    }

    private void delete(ApiRequest request) {
        if (!service.backups().delete(existing(request))) {
            throw notFound(request.pathParam("name"));
        }
        request.noContent();
    }

    private String existing(ApiRequest request) {
        String name = request.pathParam("name");
        if (service.backups().find(name).isEmpty()) {
            throw notFound(name);
        }
        return name;
    }

    private static ApiException notFound(String name) {
        String shown = name.length() > 100 ? name.substring(0, 100) + "…" : name;
        return ApiException.notFound("no backup named '" + shown.replaceAll("\\p{Cntrl}", "?") + "'");
    }
}
