package fichas.instance.events;

import fichas.core.http.Access;
import fichas.core.http.ApiException;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.Responses;
import fichas.instance.http.Route;
import fichas.instance.http.StreamStart;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.channels.StreamSinkChannel;

/**
 * {@code GET /events} (Server-Sent Events) and {@code GET /events/ws} (WebSocket): API.md,
 * "Real-time events". {@code HEAD /events} answers the stream's status and headers and ends at once;
 * {@code HEAD /events/ws} is 405. Both take the token as {@code Authorization: Bearer} or
 * {@code ?access_token=}, the filter {@code ?types=a,b}, and the resume point as
 * {@code Last-Event-ID} or {@code ?last_event_id=}.
 */
public final class EventRoutes {
    private static final Logger log = LoggerFactory.getLogger(EventRoutes.class);
    /** EventSource waits this long before reconnecting (its default is about 3 s). */
    static final long RETRY_MILLIS = 1000;
    private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");

    private final EventHub hub;

    public EventRoutes(EventHub hub) {
        this.hub = hub;
    }

    public List<Route> routes() {
        // A HEAD of the WebSocket route is 405: its GET is an upgrade, which a HEAD cannot be (docs/API-NOTES.md).
        return List.of(new Route(Methods.GET, "/events", Access.USER, Route.BodyKind.NONE, this::sse, true),
                new Route(Methods.GET, "/events/ws", Access.USER, Route.BodyKind.NONE, this::webSocket, true)
                        .withoutHead());
    }

    private void sse(ApiRequest request) {
        Set<String> types = types(request);
        OptionalLong last = lastEventId(request);
        hub.checkAccepting();
        long startAfter = hub.deliveredSeq();
        HttpServerExchange exchange = request.exchange();
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache, no-store");
        exchange.getResponseHeaders().put(new HttpString("X-Accel-Buffering"), "no");
        if (Responses.endedHead(exchange)) {
            return; // the GET's status and headers, and no subscription: a HEAD has no body to stream into
        }
        exchange.putAttachment(StreamStart.KEY, System.nanoTime());
        StreamSinkChannel channel = exchange.getResponseChannel();
        SseSubscriber subscriber = new SseSubscriber(exchange, channel, types, hub.config().maxBufferBytes(),
                hub.config().maxBufferEvents());
        exchange.addExchangeCompleteListener((done, next) -> {
            subscriber.closedByPeer();
            next.proceed();
        });
        subscriber.open(RETRY_MILLIS);
        // The exchange stays open when this handler returns: the subscriber ends it.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { });
        try {
            hub.subscribe(subscriber, last, startAfter);
        } catch (RuntimeException e) {
            log.warn("event stream could not start: {}", e.toString());
            subscriber.close();
        }
    }

    private void webSocket(ApiRequest request) throws Exception {
        Set<String> types = types(request);
        OptionalLong last = lastEventId(request);
        HttpServerExchange exchange = request.exchange();
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            throw ApiException.badRequest("GET /events/ws needs a WebSocket upgrade (Upgrade: websocket)");
        }
        hub.checkAccepting();
        long startAfter = hub.deliveredSeq();
        // Undertow's handshake adds the legacy Sec-WebSocket-Location (hixie-76; RFC 6455 has no such header)
        // holding the request URI, and so ?access_token=: a token must never be echoed.
        exchange.addResponseCommitListener(
                committing -> committing.getResponseHeaders().remove(Headers.SEC_WEB_SOCKET_LOCATION));
        new WebSocketProtocolHandshakeHandler((WebSocketConnectionCallback) (upgraded, channel) ->
                connected(channel, types, last, startAfter),
                done -> {
                    throw ApiException.badRequest("not a WebSocket handshake this server supports");
                }).handleRequest(exchange);
    }

    private void connected(WebSocketChannel channel, Set<String> types, OptionalLong last, long startAfter) {
        WsSubscriber subscriber = new WsSubscriber(channel, types, hub.config().maxBufferBytes(),
                hub.config().maxBufferEvents());
        channel.getWorker().execute(() -> {
            try {
                hub.subscribe(subscriber, last, startAfter);
            } catch (RuntimeException e) {
                log.warn("event WebSocket could not start: {}", e.toString());
                subscriber.close();
            }
        });
    }

    private static Set<String> types(ApiRequest request) {
        Optional<String> raw = request.query("types");
        if (raw.isEmpty() || raw.get().isBlank()) {
            return Set.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : Arrays.stream(raw.get().split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList()) {
            if (!Event.TYPES.contains(type)) {
                throw ApiException.badRequest("types: unknown event type '" + type + "'");
            }
            types.add(type);
        }
        return Set.copyOf(types);
    }

    private static OptionalLong lastEventId(ApiRequest request) {
        String header = request.exchange().getRequestHeaders().getFirst(LAST_EVENT_ID);
        Optional<String> raw = header != null && !header.isBlank() ? Optional.of(header)
                : request.query("last_event_id").filter(value -> !value.isBlank());
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(raw.get().trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(id);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Last-Event-ID / last_event_id must be a non-negative integer");
        }
    }
}
