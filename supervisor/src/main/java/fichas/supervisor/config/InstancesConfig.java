package fichas.supervisor.config;

import fichas.core.config.ConfigException;
import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the instance JVMs are started: how many, on which ports, with which heap and JVM options, from which jar
 * (or, for tests and development, from a class path and main class), and whether one more JVM is kept
 * pre-started in reserve to take the place of an instance that dies ({@code FICHAS_INSTANCE_STANDBY}).
 */
public record InstancesConfig(int count, int basePort, String bindAddress, String heap, List<String> jvmOptions,
                              Path jar, Optional<String> classPath, Optional<String> mainClass, Duration startTimeout,
                              Duration healthInterval, boolean classDataSharing, boolean standby) {
    /**
     * The serial collector (least CPU and memory on two cores), a fixed 32 MB young generation and a 64 MB initial
     * heap: the old generation grows only as far as what survives needs. Measured (PERFORMANCE.md, "Argon2's memory
     * reused"): once the password hash stopped allocating 19 MiB per login, this held 192–209 MB per instance after
     * the 1,000-user `load` against 263–272 MB with the JVM's default heap layout, at the same CPU per request and
     * p95 under `load` and `shiftstart`. (Before that change a small heap cost CPU: the hashes were promoted.)
     * {@code -XX:-ShrinkHeapInSteps}: the idle trim's one full collection gives the old generation back at once;
     * in steps the first explicit collection shrinks it by 0 %, so the trim gave back no heap at all.
     */
    public static final String DEFAULT_JVM_OPTIONS = "-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xms48m -Xmn16m -XX:-ShrinkHeapInSteps";

    public InstancesConfig {
        if (count != 0) { // 0 only on a balancer-only node (NodeConfig; SupervisorConfig checks the pair)
            Checks.between("FICHAS_INSTANCES", count, 1, 16);
        }
        Checks.between("FICHAS_BASE_PORT", basePort, 1, 65_536 - Math.max(1, count));
        Checks.present("FICHAS_BIND_ADDRESS", bindAddress);
        jvmOptions = List.copyOf(jvmOptions);
        JvmHeap.check("FICHAS_INSTANCE_HEAP", heap, "256m", "FICHAS_INSTANCE_JVM_OPTS", jvmOptions);
        Checks.present("FICHAS_INSTANCE_JAR", jar);
        Checks.positive("FICHAS_START_TIMEOUT", startTimeout);
        Checks.positive("FICHAS_LIVENESS_INTERVAL", healthInterval);
        if (classPath.isPresent() != mainClass.isPresent()) {
            throw new ConfigException("FICHAS_INSTANCE_CLASSPATH and FICHAS_INSTANCE_MAIN_CLASS must be set together");
        }
    }

    public static InstancesConfig from(Settings s, Path home) {
        return from(s, home, new NodeConfig(NodeConfig.Mode.ALL, java.util.List.of()));
    }

    static InstancesConfig from(Settings s, Path home, NodeConfig node) {
        String opts = s.string("FICHAS_INSTANCE_JVM_OPTS", DEFAULT_JVM_OPTIONS);
        return new InstancesConfig(
                node.runsInstances() ? s.integer("FICHAS_INSTANCES", 3) : 0,
                s.integer("FICHAS_BASE_PORT", 8000),
                s.string("FICHAS_BIND_ADDRESS", "127.0.0.1"),
                s.string("FICHAS_INSTANCE_HEAP", "256m"),
                Arrays.stream(opts.split("\\s+")).filter(o -> !o.isBlank()).toList(),
                home.resolve(s.string("FICHAS_INSTANCE_JAR", "instance/target/fichas-instance.jar")).normalize(),
                s.get("FICHAS_INSTANCE_CLASSPATH"),
                s.get("FICHAS_INSTANCE_MAIN_CLASS"),
                s.duration("FICHAS_START_TIMEOUT", Duration.ofSeconds(60)),
                s.duration("FICHAS_LIVENESS_INTERVAL", Duration.ofSeconds(2)),
                s.bool("FICHAS_INSTANCE_CDS", true),
                s.bool("FICHAS_INSTANCE_STANDBY", true));
    }

    /** Class-data sharing needs a jar (the JVM refuses directories on an archived class path). */
    public boolean usesClassDataSharing() {
        return classDataSharing && mainClass.isEmpty();
    }

    public int port(int index) {
        return basePort + index;
    }

    /** Where the supervisor probes /health: the bind address, or loopback when the instance listens everywhere. */
    public String probeHost() {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FICHAS_INSTANCES", count);
        m.put("FICHAS_BASE_PORT", basePort);
        m.put("FICHAS_BIND_ADDRESS", bindAddress);
        m.put("FICHAS_INSTANCE_HEAP", heap);
        m.put("FICHAS_INSTANCE_JVM_OPTS", String.join(" ", jvmOptions));
        m.put(mainClass.isPresent() ? "FICHAS_INSTANCE_MAIN_CLASS" : "FICHAS_INSTANCE_JAR",
                mainClass.isPresent() ? mainClass.get() : jar);
        m.put("FICHAS_START_TIMEOUT", Durations.format(startTimeout));
        m.put("FICHAS_LIVENESS_INTERVAL", Durations.format(healthInterval));
        m.put("FICHAS_INSTANCE_CDS", classDataSharing);
        m.put("FICHAS_INSTANCE_STANDBY", standby);
        return m;
    }
}
