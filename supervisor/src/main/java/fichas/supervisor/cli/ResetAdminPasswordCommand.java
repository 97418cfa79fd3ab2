package fichas.supervisor.cli;

import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.process.InstanceCommand;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code reset-admin-password}: for the admin who lost the password. Runs the instance's own tool
 * ({@code fichas-instance.jar reset-admin-password}, which owns the database schema) on this machine's
 * data directory: it sets a new random password for {@code admin}, ends its sessions on every instance
 * and prints the password once. It needs the database file itself, so it works only on the server
 * machine; the system may be running or stopped.
 */
final class ResetAdminPasswordCommand {
    static final String NAME = "reset-admin-password";
    private final Console console;
    private final SupervisorConfig config;

    ResetAdminPasswordCommand(Console console, SupervisorConfig config) {
        this.console = console;
        this.config = config;
    }

    int run() {
        List<String> command = command();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FICHAS_DATA_DIR", config.paths().dataDir().toString());
        builder.environment().put("FICHAS_LOG_DIR", config.paths().logDir().toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            try (InputStream out = process.getInputStream()) {
                out.transferTo(console.out());
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                console.err().println("The password reset did not finish within 120 s.");
                return ExitCodes.FAILED;
            }
            console.out().flush();
            return process.exitValue() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (IOException e) {
            console.err().println("Cannot run " + command.get(0) + ": " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    List<String> command() {
        var instances = config.instances();
        List<String> command = new ArrayList<>();
        command.add(InstanceCommand.javaExecutable());
        command.add("-Xmx128m");
        if (instances.mainClass().isPresent()) {
            command.add("-cp");
            command.add(instances.classPath().orElseThrow());
            command.add("fichas.instance.InstanceMain");
        } else {
            command.add("-jar");
            command.add(instances.jar().toString());
        }
        command.add(NAME);
        return command;
    }
}
