package fichas.balancer.admin;

import io.undertow.server.HttpServerExchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Whether a request comes from this machine: the TCP peer is a loopback address and any
 * {@code X-Forwarded-For} lists only loopback addresses (a local reverse proxy relaying a LAN client is not
 * local). The same rule the instances apply to their {@code /metrics}. Stateless.
 */
final class Loopback {
    private Loopback() {
    }

    static boolean isLocalCaller(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        if (peer == null || peer.getAddress() == null || !peer.getAddress().isLoopbackAddress()) {
            return false;
        }
        var forwarded = exchange.getRequestHeaders().get("X-Forwarded-For");
        if (forwarded == null) {
            return true;
        }
        for (String header : forwarded) {
            for (String hop : header.split(",")) {
                if (!isLoopbackLiteral(hop.trim())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Only IP literals count; a name is never resolved (no DNS on a request path). */
    static boolean isLoopbackLiteral(String text) {
        if (text.equals("::1") || text.equals("[::1]") || text.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        if (!text.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return false;
        }
        try {
            return InetAddress.getByName(text).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
