package fichas.instance.http;

import io.undertow.util.HttpString;
import fichas.core.http.Access;
import fichas.core.http.Router;
import java.util.Objects;

/**
 * A method + path template ({@code /clientes/{id}}) + who may call it + what it does.
 *
 * @param bodyKind     what request body the route accepts, which decides the 413/415 checks
 * @param tokenInQuery the token may also come as {@code ?access_token=} (event streams: browsers'
 *                     EventSource cannot set headers); the access log never prints query strings
 */
public record Route(HttpString method, String template, Access access, BodyKind bodyKind, Endpoint endpoint,
                    boolean tokenInQuery) {
    public Route {
        Objects.requireNonNull(method);
        Objects.requireNonNull(template);
        Objects.requireNonNull(access);
        Objects.requireNonNull(bodyKind);
        Objects.requireNonNull(endpoint);
    }

    public Route(HttpString method, String template, Access access, BodyKind bodyKind, Endpoint endpoint) {
        this(method, template, access, bodyKind, endpoint, false);
    }

    /** This route as the core {@link Router} serves it: the endpoint gets its {@link ApiRequest}. */
    public fichas.core.http.Route served(int maxJsonBytes) {
        return new fichas.core.http.Route(method, template, access, tokenInQuery,
                (exchange, pathParams, principal) -> endpoint.handle(
                        new ApiRequest(exchange, pathParams, principal, bodyKind, maxJsonBytes)));
    }

    /** The body a route reads. */
    public enum BodyKind {
        NONE, JSON, UPLOAD
    }
}
