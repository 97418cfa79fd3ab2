package fichas.supervisor.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to spawn one supervised child (an instance, or the balancer): its pm2-style name
 * ({@code instance-8001}, {@code balancer}) shown in status and accepted by {@code restart NAME}, its id (an
 * instance's port as text), command line, extra environment, output file, and the path its liveness probe asks
 * for ({@code /health} for an instance).
 */
public record ChildSpec(String name, String id, int port, List<String> command, Map<String, String> environment,
                        Path output, String healthPath) {
    public ChildSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** An instance: named {@code instance-<id>}, probed on {@code /health}. */
    public static ChildSpec instance(String id, int port, List<String> command, Map<String, String> environment,
                                     Path output) {
        return new ChildSpec("instance-" + id, id, port, command, environment, output, "/health");
    }
}
