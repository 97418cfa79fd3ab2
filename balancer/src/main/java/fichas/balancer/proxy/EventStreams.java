package fichas.balancer.proxy;

import io.undertow.client.ClientResponse;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

/**
 * Which requests are the instances' Server-Sent Events streams ({@code GET /events}, API.md
 * "Real-time events"): they never end by themselves, so the balancer must neither hold their
 * bytes back nor keep a pooled backend connection for them.
 */
final class EventStreams {
    static final String PATH = "/events";

    private EventStreams() {
    }

    static boolean isEventStream(HttpServerExchange exchange) {
        return Methods.GET.equals(exchange.getRequestMethod()) && PATH.equals(exchange.getRequestPath());
    }

    static boolean isEventStream(ClientResponse response) {
        String type = response.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
        return response.getResponseCode() == 200 && type != null && type.startsWith("text/event-stream");
    }
}
