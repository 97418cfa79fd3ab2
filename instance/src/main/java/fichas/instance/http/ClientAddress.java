package fichas.instance.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.Deque;

/**
 * The client a request came from, for logs (failed logins): the TCP peer, or, when the peer is this
 * machine (the balancer), the last {@code X-Forwarded-For} entry, which is the one the balancer
 * appended. Earlier entries are the client's own claims and are ignored. Never used for access decisions.
 */
public final class ClientAddress {
    private static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");

    private ClientAddress() {
    }

    public static String of(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
        String peerText = peer == null ? "unknown" : peer.getAddress().getHostAddress();
        if (peer == null || !peer.getAddress().isLoopbackAddress()) {
            return peerText;
        }
        Deque<String> forwarded = exchange.getRequestHeaders().get(X_FORWARDED_FOR);
        if (forwarded == null || forwarded.isEmpty()) {
            return peerText;
        }
        String[] hops = forwarded.getLast().split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() || last.length() > 64 || !last.matches("[0-9A-Fa-f.:\\[\\]]+") ? peerText : last;
    }
}
