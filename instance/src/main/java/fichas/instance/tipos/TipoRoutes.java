package fichas.instance.tipos;

import fichas.core.http.Access;
import fichas.core.http.ApiException;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import fichas.instance.http.Timestamps;
import io.undertow.util.Methods;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /producoes/tipos}: read by everyone, changed by admins. */
public final class TipoRoutes {
    private final TipoStore store;
    private final Clock clock;

    public TipoRoutes(TipoStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                new Route(Methods.GET, "/producoes/tipos", Access.USER, BodyKind.NONE, this::list),
                new Route(Methods.POST, "/producoes/tipos", Access.ADMIN, BodyKind.JSON, this::create),
                new Route(Methods.GET, "/producoes/tipos/{id}", Access.USER, BodyKind.NONE, this::get),
                new Route(Methods.PUT, "/producoes/tipos/{id}", Access.ADMIN, BodyKind.JSON, this::update));
    }

    private void list(ApiRequest request) {
        Optional<Boolean> ativo = request.query("ativo").map(raw -> switch (raw.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("ativo must be true or false, but was '" + raw + "'");
        });
        request.respond(200, Map.of("items", store.list(ativo)));
    }

    private void create(ApiRequest request) {
        Tipo created = store.create(TipoInput.read(request.jsonObject(), false), Timestamps.now(clock),
                request.afterWrite());
        request.created("/producoes/tipos/" + created.id(), created);
    }

    private void get(ApiRequest request) {
        long id = request.pathId("id");
        request.respond(200, store.find(id).orElseThrow(() -> TipoStore.notFound(id)));
    }

    private void update(ApiRequest request) {
        long id = request.pathId("id");
        request.respond(200, store.update(id, TipoInput.read(request.jsonObject(), true), Timestamps.now(clock)));
    }
}
