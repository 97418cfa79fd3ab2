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

    /** Parses {@code host:port}; the id is the port, as the instances name themselves. */
    public static Backend parse(String hostPort) {
        String s = hostPort.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("backend must be host:port, but was '" + hostPort + "'");
        }
        String portText = s.substring(colon + 1);
        try {
            return new Backend(portText, s.substring(0, colon), Integer.parseInt(portText));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("backend port must be a number, but was '" + hostPort + "'");
        }
    }
}
