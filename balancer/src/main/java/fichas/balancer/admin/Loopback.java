package fichas.balancer.admin;

import fichas.observability.access.LocalCallers;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * Whether a request comes from this machine: {@link LocalCallers}' rule, the one the instances apply to
 * their {@code /metrics}, applied to an Undertow exchange, plus a loopback {@code Host} (DNS rebinding). Stateless.
 */
final class Loopback {
    private Loopback() {
    }

    static boolean isLocalCaller(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
        return LocalCallers.isLocal(peer == null ? null : peer.getAddress(),
                exchange.getRequestHeaders().contains(Headers.FORWARDED),
                exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR))
                && LocalCallers.isLocalHost(exchange.getRequestHeaders().getFirst(Headers.HOST));
    }
}
