package fichas.core.http;

import io.undertow.server.HttpServerExchange;

/**
 * A server's own exceptions that are not {@link ApiException}s but have a known answer (the instance's
 * "database unavailable" is a 503). Returns null for anything else, which becomes {@code 500 internal_error}.
 * May log: it is called once per failed request.
 */
@FunctionalInterface
public interface ErrorTranslator {
    ErrorTranslator NONE = (exchange, error) -> null;

    ApiException translate(HttpServerExchange exchange, Throwable error);
}
