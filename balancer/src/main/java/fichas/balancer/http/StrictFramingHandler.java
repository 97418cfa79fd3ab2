package fichas.balancer.http;

import fichas.core.http.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Refuses the request framings Undertow's parser lets through but a front door must not pass on (request
 * smuggling: a proxy and a backend that disagree on where a body ends): any {@code Transfer-Encoding} but a
 * single {@code chunked}, e.g. {@code gzip} or {@code gzip, chunked}. Answers the JSON {@code 400
 * bad_request} with {@code Connection: close}. (Content-Length lists, duplicates, negative values and
 * Content-Length together with Transfer-Encoding are refused by the parser itself, see
 * {@code FrontDoorHook}.) Runs on the IO thread, never blocks.
 */
public final class StrictFramingHandler implements HttpHandler {
    private final HttpHandler next;

    public StrictFramingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderValues te = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        if (te != null && (te.size() != 1 || !"chunked".equalsIgnoreCase(te.getFirst().trim()))) {
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            ErrorResponses.send(exchange, ErrorCode.BAD_REQUEST,
                    "Transfer-Encoding must be chunked, alone", 0);
            return;
        }
        next.handleRequest(exchange);
    }
}
