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
 * @param answersHead  a {@code GET} route answers {@code HEAD} too (see {@link fichas.core.http.Route}); the
 *                     endpoint runs and Undertow drops the body, so an endpoint that must not do its work
 *                     for a {@code HEAD} (open a stream) checks the method, or is {@link #withoutHead()}
 */
public record Route(HttpString method, String template, Access access, BodyKind bodyKind, Endpoint endpoint,
                    boolean tokenInQuery, boolean answersHead) {
    public Route {
        Objects.requireNonNull(method);
        Objects.requireNonNull(template);
        Objects.requireNonNull(access);
        Objects.requireNonNull(bodyKind);
        Objects.requireNonNull(endpoint);
    }

    public Route(HttpString method, String template, Access access, BodyKind bodyKind, Endpoint endpoint,
                 boolean tokenInQuery) {
        this(method, template, access, bodyKind, endpoint, tokenInQuery, true);
    }

    public Route(HttpString method, String template, Access access, BodyKind bodyKind, Endpoint endpoint) {
        this(method, template, access, bodyKind, endpoint, false);
    }

    /** This route without {@code HEAD}: a {@code HEAD} on its path is 405, and {@code Allow} does not list it. */
    public Route withoutHead() {
        return new Route(method, template, access, bodyKind, endpoint, tokenInQuery, false);
    }

    /** This route as the core {@link Router} serves it: the endpoint gets its {@link ApiRequest}. */
    public fichas.core.http.Route served(int maxJsonBytes) {
        return new fichas.core.http.Route(method, template, access, tokenInQuery, answersHead,
                (exchange, pathParams, principal) -> endpoint.handle(
                        new ApiRequest(exchange, pathParams, principal, bodyKind, maxJsonBytes)));
    }

    /** The body a route reads. */
    public enum BodyKind {
        NONE, JSON, UPLOAD
    }
}
