package fichas.instance.http;

import fichas.observability.access.LocalCallers;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;

/**
 * Whether a request comes from this machine: {@link LocalCallers}' rule applied to an Undertow exchange,
 * plus a loopback {@code Host} header (against DNS rebinding, {@link LocalCallers#isLocalHost}).
 */
public final class LocalCaller {
    private static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");
    private static final HttpString FORWARDED = new HttpString("Forwarded");

    private LocalCaller() {
    }

    public static boolean isLocal(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
        return LocalCallers.isLocal(peer == null ? null : peer.getAddress(),
                exchange.getRequestHeaders().contains(FORWARDED), exchange.getRequestHeaders().get(X_FORWARDED_FOR))
                && LocalCallers.isLocalHost(exchange.getRequestHeaders().getFirst(io.undertow.util.Headers.HOST));
    }
}
