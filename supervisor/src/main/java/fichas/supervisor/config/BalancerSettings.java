package fichas.supervisor.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the supervisor needs to know about the embedded balancer. The balancer reads its own keys
 * ({@code FICHAS_BALANCER_*}) through its own config; here: whether to run it at all (tests and
 * single-instance debugging run without), and the host name printed in the URL for LAN clients.
 */
public record BalancerSettings(boolean enabled, String publicHost) {
    public BalancerSettings {
        Checks.present("FICHAS_PUBLIC_HOST", publicHost);
    }

    public static BalancerSettings from(Settings s) {
        return new BalancerSettings(s.bool("FICHAS_BALANCER_ENABLED", true), s.string("FICHAS_PUBLIC_HOST", localHostName()));
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FICHAS_BALANCER_ENABLED", enabled);
        m.put("FICHAS_PUBLIC_HOST", publicHost);
        return m;
    }
}
