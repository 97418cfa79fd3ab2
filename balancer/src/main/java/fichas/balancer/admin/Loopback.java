package fichas.balancer.admin;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a request comes from this machine: the TCP peer is a loopback address and any
 * {@code X-Forwarded-For} lists only loopback addresses (a local reverse proxy relaying a LAN client is not
 * local). The same rule the instances apply to their {@code /metrics}. Stateless.
 */
final class Loopback {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

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

    /**
     * Only IP literals count, parsed here: a name is never resolved (no DNS on a request path), and
     * {@code InetAddress.getByName} would look up in DNS a text it cannot parse, such as {@code 127.999.1.1}.
     */
    static boolean isLoopbackLiteral(String text) {
        if (text.equals("::1") || text.equals("[::1]") || text.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        Matcher m = IPV4_LOOPBACK.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int group = 1; group <= 3; group++) {
            if (Integer.parseInt(m.group(group)) > 255) {
                return false;
            }
        }
        return true;
    }
}
