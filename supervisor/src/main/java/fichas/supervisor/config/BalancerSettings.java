package fichas.supervisor.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the supervisor needs to know about the balancer, which it runs as a child JVM of its own. The balancer
 * reads its own keys ({@code FICHAS_BALANCER_*}, {@code FICHAS_RATELIMIT_*}, ...) through its own config; here:
 * whether to run it at all (tests and single-instance debugging run without), the host name printed in the URL
 * for LAN clients, and how its JVM is started: heap, JVM options and class-data sharing.
 */
public record BalancerSettings(boolean enabled, String publicHost, String heap, List<String> jvmOptions,
                               boolean classDataSharing) {
    /**
     * Measured in docs/PERFORMANCE.md ("The balancer's own JVM"): a proxy allocates many short-lived objects and
     * keeps little; the parallel collector's young collections on two cores cost less than the serial one's, and
     * a heap of its own, started at its working size, never competes with the supervisor's.
     */
    public static final String DEFAULT_JVM_OPTIONS = "-XX:+UseParallelGC -Xms64m -XX:+ExitOnOutOfMemoryError";

    public BalancerSettings {
        Checks.present("FICHAS_PUBLIC_HOST", publicHost);
        jvmOptions = List.copyOf(jvmOptions);
        JvmHeap.check("FICHAS_BALANCER_HEAP", heap, "192m", "FICHAS_BALANCER_JVM_OPTS", jvmOptions);
    }

    public static BalancerSettings from(Settings s) {
        return from(s, new NodeConfig(NodeConfig.Mode.ALL, List.of()));
    }

    /** On an instances-only node ({@code FICHAS_NODE_MODE=instances}) the balancer is off whatever else says. */
    static BalancerSettings from(Settings s, NodeConfig node) {
        String opts = s.string("FICHAS_BALANCER_JVM_OPTS", DEFAULT_JVM_OPTIONS);
        return new BalancerSettings(node.runsBalancer() && s.bool("FICHAS_BALANCER_ENABLED", true), s.string("FICHAS_PUBLIC_HOST", localHostName()),
                s.string("FICHAS_BALANCER_HEAP", "192m"),
                Arrays.stream(opts.split("\\s+")).filter(o -> !o.isBlank()).toList(),
                s.bool("FICHAS_BALANCER_CDS", true));
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
        m.put("FICHAS_BALANCER_HEAP", heap);
        m.put("FICHAS_BALANCER_JVM_OPTS", String.join(" ", jvmOptions));
        m.put("FICHAS_BALANCER_CDS", classDataSharing);
        return m;
    }
}
