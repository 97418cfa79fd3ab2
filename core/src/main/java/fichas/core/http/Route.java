package fichas.core.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A method + path template ({@code /clientes/{id}}, {@code /alerts/{id:[0-9]+}/resolve}) + who may call it +
 * what it does, for the {@link Router}.
 *
 * @param tokenInQuery the token may also come as {@code ?access_token=} (event streams: browsers' EventSource
 *                     cannot set headers); access logs never print query strings
 * @param answersHead  a {@code GET} route also answers {@code HEAD} (RFC 9110: a general-purpose server must);
 *                     its handler runs as for {@code GET} and Undertow drops the body. False only for a route
 *                     that cannot answer without doing what a {@code HEAD} must not (a WebSocket upgrade)
 */
public record Route(HttpString method, String template, Access access, boolean tokenInQuery, boolean answersHead,
                    Handler handler) {
    public Route {
        Objects.requireNonNull(method);
        Objects.requireNonNull(template);
        Objects.requireNonNull(access);
        Objects.requireNonNull(handler);
    }

    public Route(HttpString method, String template, Access access, boolean tokenInQuery, Handler handler) {
        this(method, template, access, tokenInQuery, true, handler);
    }

    public Route(HttpString method, String template, Access access, Handler handler) {
        this(method, template, access, false, handler);
    }

    /** This route without {@code HEAD}: a {@code HEAD} on its path is 405, and {@code Allow} does not list it. */
    public Route withoutHead() {
        return new Route(method, template, access, tokenInQuery, false, handler);
    }

    /** True when this route serves {@code requested}: its own method, or {@code HEAD} on a {@code GET} route. */
    boolean serves(HttpString requested) {
        return method.equals(requested) || answersHead && method.equals(Methods.GET) && requested.equals(Methods.HEAD);
    }

    List<String> segments() {
        return PathTemplate.segments(template);
    }

    /** What a route does once it is matched and its caller allowed. */
    @FunctionalInterface
    public interface Handler {
        /** @param principal the caller; null on a route that needed no token */
        void handle(HttpServerExchange exchange, Map<String, String> pathParams, Principal principal) throws Exception;
    }
}
