package fichas.instance.auth;

import fichas.core.http.ApiException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.core.http.Access;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.ClientAddress;
import fichas.instance.http.JsonFields;
import fichas.instance.http.PageRequest;
import fichas.core.http.Role;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.List;
import java.util.Set;

/** {@code /users} (admin), {@code GET} and {@code PATCH /users/{id}} (admin) and {@code PUT /users/me/password} (any user). */
public final class UserRoutes {
    private static final String USERNAME_PATTERN = "[A-Za-z0-9._-]{3,50}";
    private static final HttpString PATCH = new HttpString("PATCH");
    /** API.md: a password has at least 8 characters. */
    private static final int MIN_PASSWORD = 8;

    private final Accounts accounts;

    public UserRoutes(Accounts accounts) {
        this.accounts = accounts;
    }

    public List<Route> routes() {
        return List.of(
                new Route(Methods.GET, "/users", Access.ADMIN, BodyKind.NONE, this::list),
                new Route(Methods.POST, "/users", Access.ADMIN, BodyKind.JSON, this::create),
                new Route(Methods.PUT, "/users/me/password", Access.USER, BodyKind.JSON, this::changePassword),
                new Route(Methods.GET, "/users/{id}", Access.ADMIN, BodyKind.NONE, this::get),
                new Route(PATCH, "/users/{id}", Access.ADMIN, BodyKind.JSON, this::update));
    }

    private void list(ApiRequest request) {
        request.respond(200, accounts.list(PageRequest.of(request)));
    }

    /** The user a {@code POST /users} answer's {@code Location} names. */
    private void get(ApiRequest request) {
        long id = request.pathId("id");
        request.respond(200, accounts.find(id).orElseThrow(() -> ApiException.notFound("user " + id + " does not exist")));
    }

    private void create(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        JsonFields fields = new JsonFields(body, Set.of("username", "password", "role"), Set.of());
        String username = fields.requiredString("username", 50);
        if (username != null && !username.matches(USERNAME_PATTERN)) {
            fields.reject("username", "must be 3–50 characters of letters, digits, '.', '_' or '-'");
        }
        String password = newPassword(body, "password", fields);
        Role role = role(fields, true);
        fields.validate();
        User user = accounts.create(username, password, role, request.afterWrite());
        request.created("/users/" + user.id(), user);
    }

    private void changePassword(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        JsonFields fields = new JsonFields(body, Set.of("current_password", "new_password"), Set.of());
        String current = AuthRoutes.rawPassword(body, "current_password", fields, 1);
        String replacement = newPassword(body, "new_password", fields);
        fields.validate();
        accounts.changePassword(request.principal(), AuthRoutes.bearerToken(request), current, replacement,
                ClientAddress.of(request.exchange()));
        request.noContent();
    }

    private void update(ApiRequest request) {
        long id = request.pathId("id");
        ObjectNode body = request.jsonObject();
        JsonFields fields = new JsonFields(body, Set.of("active", "role", "version"),
                Set.of("id", "username", "created_at", "updated_at"));
        Boolean active = null;
        if (fields.isPresent("active")) {
            active = fields.optionalBoolean("active", true);
        } else if (body.has("active")) {
            fields.reject("active", "must be true or false");
        }
        Role role = role(fields, false);
        Long version = fields.optionalLong("version", 1, Long.MAX_VALUE);
        if (active == null && role == null && !fields.hasError("active") && !fields.hasError("role")) {
            fields.reject("active", "is required when role is not sent (send active, role or both)");
        }
        fields.validate();
        request.respond(200, accounts.update(id, new Accounts.Change(active, role, version), request.principal()));
    }

    /**
     * A password being set: as typed (spaces may be part of it), but not all whitespace, which API.md's rule
     * for a required string that is blank after trimming refuses. Passwords checked at login keep only the
     * rules of {@link AuthRoutes#rawPassword}, so one set before this rule still logs in.
     */
    private static String newPassword(ObjectNode body, String name, JsonFields fields) {
        String password = AuthRoutes.rawPassword(body, name, fields, MIN_PASSWORD);
        if (password != null && password.isBlank()) {
            fields.reject(name, "must not be blank");
        }
        return password;
    }

    private static Role role(JsonFields fields, boolean required) {
        String name = required ? fields.requiredString("role", 20) : fields.optionalString("role", 20);
        Role role = name == null ? null : Role.parse(name).orElse(null);
        if (name != null && role == null) {
            fields.reject("role", "must be one of admin, operador");
        }
        return role;
    }
}
