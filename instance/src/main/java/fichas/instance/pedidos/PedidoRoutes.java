package fichas.instance.pedidos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.core.http.Access;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.JsonFields;
import fichas.instance.http.PageRequest;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import fichas.instance.http.Timestamps;
import fichas.instance.imagens.MediaFiles;
import fichas.instance.pedidos.StatusWorkflow.Status;
import io.undertow.util.Methods;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** {@code /pedidos}, {@code /pedidos/{id}}, its status and its export. Images live in {@code ImagemRoutes}. */
public final class PedidoRoutes {
    private final PedidoStore store;
    private final PedidoQueries queries;
    private final MediaFiles media;
    private final Clock clock;
    private final ZoneId zone;

    /** {@code zone} defines "today", the default {@code data_entrada}. */
    public PedidoRoutes(PedidoStore store, PedidoQueries queries, MediaFiles media, Clock clock, ZoneId zone) {
        this.store = store;
        this.queries = queries;
        this.media = media;
        this.clock = clock;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route(Methods.GET, "/pedidos", Access.USER, BodyKind.NONE, this::list),
                new Route(Methods.POST, "/pedidos", Access.USER, BodyKind.JSON, this::create),
                new Route(Methods.GET, "/pedidos/{id}", Access.USER, BodyKind.NONE, this::get),
                new Route(Methods.PUT, "/pedidos/{id}", Access.USER, BodyKind.JSON, this::update),
                new Route(Methods.DELETE, "/pedidos/{id}", Access.ADMIN, BodyKind.NONE, this::delete),
                new Route(Methods.PATCH, "/pedidos/{id}/status", Access.USER, BodyKind.JSON, this::changeStatus),
                new Route(Methods.GET, "/pedidos/{id}/export", Access.USER, BodyKind.NONE, this::export));
    }

    private void list(ApiRequest request) {
        request.respond(200, queries.list(PedidoFilter.of(request), PageRequest.of(request)));
    }

    private void create(ApiRequest request) {
        Pedido created = store.create(PedidoInput.forCreate(request.jsonObject(), today(),
                (clienteId, tipoId) -> store.referenceErrors(null, clienteId, tipoId)), Timestamps.now(clock),
                request.principal().userId(), request.afterWrite());
        request.created("/pedidos/" + created.id(), created);
    }

    private void get(ApiRequest request) {
        request.respond(200, queries.detail(request.pathId("id")));
    }

    private void update(ApiRequest request) {
        long id = request.pathId("id");
        request.respond(200, store.update(id, PedidoInput.forUpdate(request.jsonObject(), today(),
                (clienteId, tipoId) -> store.referenceErrors(id, clienteId, tipoId)),
                Timestamps.now(clock)));
    }

    private void delete(ApiRequest request) {
        List<String> files = store.delete(request.pathId("id"));
        media.releaseAll(files);
        request.noContent();
    }

    /** Body {@code {"status": "...", "version": n}}; {@code version} is optional here. */
    private void changeStatus(ApiRequest request) {
        long id = request.pathId("id");
        ObjectNode body = request.jsonObject();
        JsonFields fields = new JsonFields(body, Set.of("status", "version"), Set.of());
        String raw = fields.requiredString("status", 40);
        Long version = fields.optionalLong("version", 1, Long.MAX_VALUE);
        Status target = raw == null ? null : Status.parse(raw).orElse(null);
        if (raw != null && target == null) {
            fields.reject("status", "must be one of " + StatusWorkflow.wireNames());
        }
        fields.validate();
        request.respond(200, store.changeStatus(id, target, version, Timestamps.now(clock),
                request.principal().userId()));
    }

    private void export(ApiRequest request) {
        request.respond(200, queries.export(request.pathId("id"), Timestamps.now(clock)));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }
}
