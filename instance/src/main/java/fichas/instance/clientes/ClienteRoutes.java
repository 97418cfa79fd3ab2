package fichas.instance.clientes;

import fichas.core.http.Access;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.PageRequest;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import fichas.instance.http.Timestamps;
import io.undertow.util.Methods;
import java.time.Clock;
import java.util.List;

/** {@code /clientes} and {@code /clientes/{id}}. */
public final class ClienteRoutes {
    private final ClienteStore store;
    private final Clock clock;

    public ClienteRoutes(ClienteStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                new Route(Methods.GET, "/clientes", Access.USER, BodyKind.NONE, this::list),
                new Route(Methods.POST, "/clientes", Access.USER, BodyKind.JSON, this::create),
                new Route(Methods.GET, "/clientes/{id}", Access.USER, BodyKind.NONE, this::get),
                new Route(Methods.PUT, "/clientes/{id}", Access.USER, BodyKind.JSON, this::update),
                new Route(Methods.DELETE, "/clientes/{id}", Access.USER, BodyKind.NONE, this::delete));
    }

    private void list(ApiRequest request) {
        request.respond(200, store.list(request.query("q"), PageRequest.of(request)));
    }

    private void create(ApiRequest request) {
        Cliente created = store.create(ClienteInput.forCreate(request.jsonObject()), Timestamps.now(clock),
                request.afterWrite());
        request.created("/clientes/" + created.id(), created);
    }

    private void get(ApiRequest request) {
        long id = request.pathId("id");
        request.respond(200, store.find(id).orElseThrow(() -> ClienteStore.notFound(id)));
    }

    private void update(ApiRequest request) {
        long id = request.pathId("id");
        request.respond(200, store.update(id, ClienteInput.forUpdate(request.jsonObject()), Timestamps.now(clock)));
    }

    private void delete(ApiRequest request) {
        store.delete(request.pathId("id"));
        request.noContent();
    }
}
