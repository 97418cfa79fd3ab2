package fichas.supervisor.cli;

import fichas.supervisor.config.SupervisorConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@code reset-admin-password}: for the admin who lost the password. Runs the instance's own tool
 * ({@code fichas-instance.jar reset-admin-password}, which owns the database schema) on this machine's
 * data directory: it sets a new random password for {@code admin}, ends its sessions on every instance
 * and prints the password once. It needs the database itself, so it works only on the server machine;
 * the system may be running or stopped.
 */
final class ResetAdminPasswordCommand {
    static final String NAME = "reset-admin-password";
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private final InstanceTool tool;

    ResetAdminPasswordCommand(Console console, SupervisorConfig config) {
        this.tool = new InstanceTool(console, config);
    }

    int run() {
        return tool.run(NAME, List.of(), LIMIT);
    }
}
