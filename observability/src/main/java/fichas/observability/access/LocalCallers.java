package fichas.observability.access;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a request comes from this machine, the rule behind the token-free {@code /metrics} of the
 * instances and {@code /balancer/metrics}: the TCP peer is a loopback address and, when the request was
 * proxied, every address in {@code X-Forwarded-For} is loopback too. The balancer runs on the same machine
 * and appends its client's address to {@code X-Forwarded-For}, so a LAN client coming through it is not
 * local. A {@code Forwarded} header (RFC 7239), which nothing of ours sends, makes a request non-local
 * rather than being parsed. Never resolves host names: the header is whatever a LAN client wrote, and a
 * look-up would put DNS on the request path. Stateless.
 */
public final class LocalCallers {
    /** A dotted quad, parsed here: {@link InetAddress#getByName} looks up in DNS what it cannot parse ("1.2.3.4.5"). */
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /**
     * Candidate IPv6 literals. They reach {@link InetAddress#getByName} in brackets, which it parses as a
     * literal or refuses, never looking the text up.
     */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private LocalCallers() {
    }

    /**
     * The rule applied to an Undertow exchange: its TCP peer and forwarding headers, plus a loopback {@code Host}
     * header (against DNS rebinding, {@link #isLocalHost}). For the routers' "local or admin" routes
     * ({@code /metrics}, {@code /balancer/metrics}).
     */
    public static boolean isLocal(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
        return isLocal(peer == null ? null : peer.getAddress(), exchange.getRequestHeaders().contains(Headers.FORWARDED),
                exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR))
                && isLocalHost(exchange.getRequestHeaders().getFirst(Headers.HOST));
    }

    /**
     * @param peer               the TCP peer's address (null when unknown: not local)
     * @param forwardedPresent   whether the request carries a {@code Forwarded} header
     * @param xForwardedFor      the values of every {@code X-Forwarded-For} header, each a comma-separated
     *                           list; null or empty when there is none
     */
    public static boolean isLocal(InetAddress peer, boolean forwardedPresent, Iterable<String> xForwardedFor) {
        if (peer == null || !peer.isLoopbackAddress() || forwardedPresent) {
            return false;
        }
        if (xForwardedFor != null) {
            for (String header : xForwardedFor) {
                for (String address : header.split(",")) {
                    if (!isLoopbackLiteral(address.strip())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Whether a {@code Host} header names this machine's loopback: {@code localhost} or a loopback literal,
     * with or without a port; absent (HTTP/1.0) counts as local. Checked on the token-free routes besides
     * {@link #isLocal}: a web page that rebinds its own DNS name to 127.0.0.1 gets the browser to connect
     * from loopback, but the browser still sends that page's name as {@code Host}, so the request is refused.
     */
    public static boolean isLocalHost(String host) {
        if (host == null) {
            return true;
        }
        String name = host.strip();
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            if (end < 0) {
                return false;
            }
            String rest = name.substring(end + 1);
            return (rest.isEmpty() || rest.matches(":\\d{1,5}")) && isLoopbackLiteral(name.substring(0, end + 1));
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            if (!name.substring(colon + 1).matches("\\d{1,5}")) {
                return false;
            }
            name = name.substring(0, colon);
        }
        return name.equalsIgnoreCase("localhost") || isLoopbackLiteral(name);
    }

    /** {@code 127.0.0.1}, {@code ::1}, {@code [::1]}: true; a name, an empty entry or any other address: false. */
    public static boolean isLoopbackLiteral(String address) {
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        Matcher ipv4 = IPV4.matcher(literal);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(ipv4.group(1)) == 127;
        }
        if (!IPV6.matcher(literal).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName("[" + literal + "]").isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
