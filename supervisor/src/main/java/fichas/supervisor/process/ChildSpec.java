package fichas.supervisor.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything needed to spawn one instance: its id (the port, as text), command line, extra environment, output file. */
public record ChildSpec(String id, int port, List<String> command, Map<String, String> environment, Path output) {
    public ChildSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** The pm2-style name shown in status and accepted by {@code restart NAME}. */
    public String name() {
        return "instance-" + id;
    }
}
