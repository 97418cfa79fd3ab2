package fichas.instance.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.instance.http.Access;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.JsonFields;
import fichas.instance.http.PageRequest;
import fichas.instance.http.Role;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /auth/login}, {@code /auth/logout} and {@code /users}. */
public final class AuthRoutes {
    private static final String USERNAME_PATTERN = "[A-Za-z0-9._-]{3,50}";

    private final AuthService auth;

    public AuthRoutes(AuthService auth) {
        this.auth = auth;
    }

    public List<Route> routes() {
        return List.of(
                new Route(Methods.POST, "/auth/login", Access.PUBLIC, BodyKind.JSON, this::login),
                new Route(Methods.POST, "/auth/logout", Access.USER, BodyKind.NONE, this::logout),
                new Route(Methods.GET, "/users", Access.ADMIN, BodyKind.NONE, this::listUsers),
                new Route(Methods.POST, "/users", Access.ADMIN, BodyKind.JSON, this::createUser));
    }

    private void login(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        JsonFields fields = new JsonFields(body, Set.of("username", "password"), Set.of());
        String username = fields.requiredString("username", 200);
        String password = rawPassword(body, fields, 1);
        fields.validate();
        AuthService.Login login = auth.login(username, password);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", login.user().id());
        user.put("username", login.user().username());
        user.put("role", login.user().role());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", login.token());
        answer.put("expires_at", login.expiresAt());
        answer.put("user", user);
        request.respond(200, answer);
    }

    private void logout(ApiRequest request) {
        String header = request.header("Authorization").orElseThrow();
        auth.logout(header.trim().split("\\s+", 2)[1].trim());
        request.noContent();
    }

    private void listUsers(ApiRequest request) {
        request.respond(200, auth.listUsers(PageRequest.of(request)));
    }

    private void createUser(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        JsonFields fields = new JsonFields(body, Set.of("username", "password", "role"), Set.of());
        String username = fields.requiredString("username", 50);
        if (username != null && !username.matches(USERNAME_PATTERN)) {
            fields.reject("username", "must be 3–50 characters of letters, digits, '.', '_' or '-'");
        }
        String password = rawPassword(body, fields, 8);
        String roleName = fields.requiredString("role", 20);
        Role role = roleName == null ? null : Role.parse(roleName).orElse(null);
        if (roleName != null && role == null) {
            fields.reject("role", "must be one of admin, operador");
        }
        fields.validate();
        User user = auth.createUser(username, password, role);
        request.created("/users/" + user.id(), user);
    }

    /** Passwords are taken as typed: not trimmed, since spaces may be part of them. */
    private static String rawPassword(ObjectNode body, JsonFields fields, int minLength) {
        JsonNode node = body.get("password");
        if (node == null || node.isNull()) {
            fields.reject("password", "is required");
            return null;
        }
        if (!node.isTextual()) {
            fields.reject("password", "must be a string");
            return null;
        }
        String password = node.textValue();
        if (password.length() < minLength) {
            fields.reject("password", minLength == 1 ? "must not be blank" : "must be at least " + minLength + " characters");
        } else if (password.length() > 200) {
            fields.reject("password", "must be at most 200 characters");
        }
        return password;
    }
}
