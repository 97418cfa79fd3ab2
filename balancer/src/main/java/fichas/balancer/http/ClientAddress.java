package fichas.balancer.http;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;

/**
 * The client address that per-client limits key on: the TCP peer, never {@code X-Forwarded-For}, which any
 * client can write. Stateless.
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    /** The peer's IP as text ({@code 127.0.0.1}, {@code 0:0:0:0:0:0:0:1}), or {@code unknown} without a peer. */
    public static String of(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        return peer == null || peer.getAddress() == null ? "unknown" : peer.getAddress().getHostAddress();
    }
}
