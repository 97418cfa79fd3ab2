package fichas.supervisor.config;

import fichas.core.config.Checks;
import fichas.core.config.ConfigException;
import fichas.core.config.Settings;
import fichas.supervisor.balance.BackendAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What this machine runs when Fichas spans several hosts (all of them on one PostgreSQL database,
 * docs/POSTGRESQL.md): everything (the default: instances and the balancer), the instances only (a
 * node behind another host's balancer), or the balancer only (in front of other hosts' instances).
 * {@code FICHAS_BACKENDS} lists instances on other hosts ({@code host:port,…}) that this node's
 * balancer serves besides its own, with the same health checks.
 *
 * @param mode           {@code FICHAS_NODE_MODE}: {@code all}, {@code instances} or {@code balancer}
 * @param remoteBackends {@code FICHAS_BACKENDS}, named {@code host:port} (a loopback host: by port)
 */
public record NodeConfig(Mode mode, List<BackendAddress> remoteBackends) {
    /** Which processes this node runs. */
    public enum Mode {
        ALL, INSTANCES, BALANCER;

        static Mode parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("FICHAS_NODE_MODE must be all, instances or balancer, but was '"
                        + text + "'");
            }
        }
    }

    public NodeConfig {
        Checks.present("FICHAS_NODE_MODE", mode);
        remoteBackends = List.copyOf(remoteBackends);
        if (mode == Mode.BALANCER && remoteBackends.isEmpty()) {
            throw new ConfigException("FICHAS_BACKENDS must list the instances (host:port,...) when "
                    + "FICHAS_NODE_MODE=balancer, but was empty");
        }
        if (mode == Mode.INSTANCES && !remoteBackends.isEmpty()) {
            throw new ConfigException("FICHAS_BACKENDS is for a node that runs the balancer, but "
                    + "FICHAS_NODE_MODE=instances");
        }
    }

    public static NodeConfig from(Settings s) {
        return new NodeConfig(Mode.parse(s.string("FICHAS_NODE_MODE", "all")), parse(s.string("FICHAS_BACKENDS", "")));
    }

    /** {@code host:port,…} into addresses; an IPv6 host goes in brackets ({@code [fd00::5]:8000}). */
    static List<BackendAddress> parse(String text) {
        List<BackendAddress> out = new ArrayList<>();
        for (String item : text.split(",")) {
            String s = item.strip();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new ConfigException("FICHAS_BACKENDS must list host:port pairs, but had '" + s + "'");
            }
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ConfigException("FICHAS_BACKENDS must list host:port pairs, but had '" + s + "'");
            }
            Checks.between("FICHAS_BACKENDS port", port, 1, 65_535);
            boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
            out.add(new BackendAddress(loopback ? Integer.toString(port) : host + ":" + port, host, port));
        }
        return out;
    }

    public boolean runsInstances() {
        return mode != Mode.BALANCER;
    }

    public boolean runsBalancer() {
        return mode != Mode.INSTANCES;
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FICHAS_NODE_MODE", mode.name().toLowerCase(Locale.ROOT));
        m.put("FICHAS_BACKENDS", remoteBackends.isEmpty() ? "(none)"
                : String.join(",", remoteBackends.stream().map(b -> b.host() + ":" + b.port()).toList()));
        return m;
    }
}
