package fichas.balancer;

import java.util.Objects;

/**
 * One instance behind the balancer. Immutable.
 *
 * @param id   short stable name used in logs, snapshots and listener calls, e.g. {@code "8001"}
 * @param host host or IP the balancer connects to, e.g. {@code "127.0.0.1"}
 * @param port TCP port of the instance
 */
public record Backend(String id, String host, int port) {
    public Backend {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (id.isBlank() || host.isBlank()) {
            throw new IllegalArgumentException("backend id and host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("backend port must be between 1 and 65535, but was " + port);
        }
    }

    /**
     * Parses {@code host:port}, or {@code id@host:port} (how the supervisor names its own instances). Without an
     * id, an instance on this machine (a loopback host) is named by its port, as the instances name themselves,
     * and one on another host by {@code host:port}, so two hosts' instances on the same port stay apart.
     */
    public static Backend parse(String text) {
        String s = text.trim();
        String id = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            id = s.substring(0, at);
            s = s.substring(at + 1);
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("backend must be host:port, but was '" + text + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String portText = s.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("backend port must be a number, but was '" + text + "'");
        }
        if (id == null) {
            id = isLoopbackName(host) ? portText : host + ":" + portText;
        }
        return new Backend(id, host, port);
    }

    private static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }
}
