package fichas.balancer.proxy;

import fichas.core.http.RequestIds;
import io.undertow.client.ClientRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the request sent to a backend from the client's: same method, path and end-to-end headers,
 * plus {@code X-Forwarded-For/-Proto} and the request id. Hop-by-hop headers stay behind, except the
 * {@code Connection: Upgrade} pair of a WebSocket handshake. Stateless.
 */
final class ForwardedRequest {
    static final HttpString X_FORWARDED_FOR = HttpString.tryFromString("X-Forwarded-For");
    static final HttpString X_FORWARDED_PROTO = HttpString.tryFromString("X-Forwarded-Proto");
    static final HttpString X_REQUEST_ID = HttpString.tryFromString(RequestIds.HEADER);
    /** RFC 9110 §7.6.1 hop-by-hop headers, plus Expect: the body is already buffered here. */
    static final Set<HttpString> HOP_BY_HOP = Set.of(Headers.CONNECTION, Headers.KEEP_ALIVE,
            HttpString.tryFromString("Proxy-Connection"), HttpString.tryFromString("HTTP2-Settings"), Headers.TE, Headers.TRAILER, Headers.TRANSFER_ENCODING,
            Headers.UPGRADE, Headers.EXPECT, Headers.PROXY_AUTHORIZATION, Headers.CONTENT_LENGTH);

    private ForwardedRequest() {
    }

    /**
     * Only a WebSocket handshake is relayed as an upgrade. Other offers — above all {@code h2c}, which
     * curl --http2 and the JDK's HTTP client attach to ordinary requests — are optional for the
     * server to accept: they are declined by dropping the hop-by-hop Upgrade header, and the request
     * (with its body) is proxied as plain HTTP/1.1.
     */
    static boolean isUpgrade(HttpServerExchange exchange) {
        HeaderMap h = exchange.getRequestHeaders();
        String connection = h.getFirst(Headers.CONNECTION);
        String upgrade = h.getFirst(Headers.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket") && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    static ClientRequest build(HttpServerExchange exchange, byte[] body, boolean upgrade, BackendState backend) {
        String query = exchange.getQueryString();
        ClientRequest request = new ClientRequest()
                .setMethod(exchange.getRequestMethod())
                .setProtocol(Protocols.HTTP_1_1)
                .setPath(query == null || query.isEmpty()
                        ? exchange.getRequestURI() : exchange.getRequestURI() + "?" + query);
        HeaderMap out = request.getRequestHeaders();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            if (!HOP_BY_HOP.contains(values.getHeaderName())) {
                out.putAll(values.getHeaderName(), values);
            }
        }
        if (upgrade) {
            out.put(Headers.CONNECTION, "Upgrade");
            out.putAll(Headers.UPGRADE, exchange.getRequestHeaders().get(Headers.UPGRADE));
        } else if (body.length > 0 || !bodiless(exchange.getRequestMethod())) {
            out.put(Headers.CONTENT_LENGTH, body.length);
        }
        if (!out.contains(Headers.HOST)) {
            // HTTP/1.0 clients may omit it; HTTP/1.1 backends require one.
            out.put(Headers.HOST, backend.backend().host() + ":" + backend.backend().port());
        }
        out.put(X_FORWARDED_FOR, forwardedFor(exchange));
        out.put(X_FORWARDED_PROTO, exchange.getRequestScheme());
        out.put(X_REQUEST_ID, RequestIds.of(exchange));
        return request;
    }

    private static boolean bodiless(HttpString method) {
        return Methods.GET.equals(method) || Methods.HEAD.equals(method) || Methods.OPTIONS.equals(method)
                || Methods.DELETE.equals(method) || Methods.TRACE.equals(method);
    }

    /** Appends the peer address to what earlier proxies wrote, as HAProxy and nginx do. */
    static String forwardedFor(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        String ip = peer == null || peer.getAddress() == null ? "unknown" : peer.getAddress().getHostAddress();
        String earlier = exchange.getRequestHeaders().getFirst(X_FORWARDED_FOR);
        return earlier == null || earlier.isBlank() ? ip : earlier + ", " + ip;
    }
}
