package fichas.supervisor.process;

import fichas.supervisor.config.InstancesConfig;
import fichas.supervisor.config.PathsConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the {@link ChildSpec} of instance {@code i}: {@code java} itself (no shell), heap cap, env per CONTRACTS.md. */
public final class InstanceCommand {
    /** Every JVM of the system runs with it (supervisor, balancer, instances): see docs/CONTRACTS.md. */
    public static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    private InstanceCommand() {
    }

    public static ChildSpec spec(InstancesConfig instances, PathsConfig paths, int index) {
        int port = instances.port(index);
        String id = Integer.toString(port);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xmx" + instances.heap());
        command.addAll(instances.jvmOptions());
        // Whatever FICHAS_INSTANCE_JVM_OPTS says: an out-of-memory error is an exit and a restart, never a zombie.
        if (!command.contains(EXIT_ON_OOM)) {
            command.add(EXIT_ON_OOM);
        }
        if (instances.mainClass().isPresent()) {
            command.add("-cp");
            command.add(instances.classPath().orElseThrow());
            command.add(instances.mainClass().get());
        } else {
            command.add("-jar");
            command.add(instances.jar().toString());
        }
        Map<String, String> env = Map.of(
                "FICHAS_PORT", id,
                "FICHAS_INSTANCE_ID", id,
                "FICHAS_BIND_ADDRESS", instances.bindAddress(),
                "FICHAS_DATA_DIR", paths.dataDir().toString(),
                "FICHAS_LOG_DIR", paths.logDir().toString(),
                "FICHAS_SUPERVISED", "true",
                // the instances size their password-hashing pools so that together they use half the cores
                "FICHAS_INSTANCES", Integer.toString(instances.count()),
                "FICHAS_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        return ChildSpec.instance(id, port, command, env, paths.instanceOutput(id));
    }

    /** The java that runs this supervisor, so instances use the same JDK whatever PATH says. */
    public static String javaExecutable() {
        Optional<String> own = ProcessHandle.current().info().command();
        if (own.isPresent() && own.get().toLowerCase().matches(".*javaw?(\\.exe)?$")) {
            return own.get();
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }
}
