package fichas.core.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A method + path template ({@code /clientes/{id}}, {@code /alerts/{id:[0-9]+}/resolve}) + who may call it +
 * what it does, for the {@link Router}.
 *
 * @param tokenInQuery the token may also come as {@code ?access_token=} (event streams: browsers' EventSource
 *                     cannot set headers); access logs never print query strings
 */
public record Route(HttpString method, String template, Access access, boolean tokenInQuery, Handler handler) {
    public Route {
        Objects.requireNonNull(method);
        Objects.requireNonNull(template);
        Objects.requireNonNull(access);
        Objects.requireNonNull(handler);
    }

    public Route(HttpString method, String template, Access access, Handler handler) {
        this(method, template, access, false, handler);
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
