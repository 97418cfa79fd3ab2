package fichas.instance.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.core.http.Access;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.ClientAddress;
import fichas.instance.http.JsonFields;
import fichas.instance.http.Route;
import fichas.instance.http.Route.BodyKind;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /auth/login}, {@code /auth/logout} and {@code GET /auth/me} (the token's user; our addition to the
 * contract, docs/API-NOTES.md); the accounts themselves are {@link UserRoutes}.
 */
public final class AuthRoutes {
    private final AuthService auth;

    public AuthRoutes(AuthService auth) {
        this.auth = auth;
    }

    public List<Route> routes() {
        return List.of(
                new Route(Methods.POST, "/auth/login", Access.PUBLIC, BodyKind.JSON, this::login),
                new Route(Methods.POST, "/auth/logout", Access.USER, BodyKind.NONE, this::logout),
                new Route(Methods.GET, "/auth/me", Access.USER, BodyKind.NONE, this::me));
    }

    private void login(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        JsonFields fields = new JsonFields(body, Set.of("username", "password"), Set.of());
        String username = fields.requiredString("username", 200);
        String password = rawPassword(body, "password", fields, 1);
        fields.validate();
        AuthService.Login login = auth.login(username, password, ClientAddress.of(request.exchange()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", login.token());
        answer.put("expires_at", login.expiresAt());
        answer.put("user", user(login.user().id(), login.user().username(), login.user().role()));
        request.respond(200, answer);
    }

    /**
     * The caller as the router's token check found it, the same check as on every route (a logged-out, expired
     * or deactivated user's token is 401 before this runs): {@code {"id","username","role"}}, the shape of
     * {@code user} in the login answer.
     */
    private void me(ApiRequest request) {
        var caller = request.principal();
        request.respond(200, user(caller.userId(), caller.username(), caller.role().wireName()));
    }

    private static Map<String, Object> user(long id, String username, String role) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("username", username);
        user.put("role", role);
        return user;
    }

    private void logout(ApiRequest request) {
        auth.logout(bearerToken(request));
        request.noContent();
    }

    /** The token of an authenticated request (the router has checked the header's shape already). */
    static String bearerToken(ApiRequest request) {
        String header = request.header("Authorization").orElseThrow();
        return header.trim().split("\\s+", 2)[1].trim();
    }

    /** A password field as typed: not trimmed, since spaces may be part of it. */
    static String rawPassword(ObjectNode body, String name, JsonFields fields, int minLength) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            fields.reject(name, "is required");
            return null;
        }
        if (!node.isTextual()) {
            fields.reject(name, "must be a string");
            return null;
        }
        String password = node.textValue();
        if (password.length() < minLength) {
            fields.reject(name, minLength == 1 ? "must not be blank" : "must be at least " + minLength + " characters");
        } else if (password.length() > 200) {
            fields.reject(name, "must be at most 200 characters");
        }
        return password;
    }
}
