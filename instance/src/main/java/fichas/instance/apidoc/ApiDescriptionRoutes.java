package fichas.instance.apidoc;

import fichas.core.http.Access;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.Responses;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@code GET /openapi.json} (no token): the OpenAPI 3.1 description of every route, served as the
 * bytes of the {@value #RESOURCE} resource, read once at start. That file is written by hand and
 * kept honest by {@code OpenApiContractTest}, which compares it with the routes the router serves
 * and with {@code docs/API.md}.
 */
public final class ApiDescriptionRoutes {
    public static final String RESOURCE = "openapi.json";
    private final byte[] document;

    public ApiDescriptionRoutes() {
        try (InputStream in = ApiDescriptionRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from the instance jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Route> routes() {
        return List.of(new Route(Methods.GET, "/openapi.json", Access.PUBLIC, BodyKind.NONE, this::describe));
    }

    private void describe(ApiRequest request) {
        HttpServerExchange exchange = request.exchange();
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Responses.JSON);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, document.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(document));
    }
}
