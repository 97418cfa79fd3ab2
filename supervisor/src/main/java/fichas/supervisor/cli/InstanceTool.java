package fichas.supervisor.cli;

import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.process.InstanceCommand;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the instance jar's own tools ({@code fichas-instance.jar <tool> <args…>}: the instance
 * owns the database schema) on this machine's data and log directories, with this process's
 * environment (so {@code FICHAS_DB_*} reach it), its output streamed to the console.
 */
final class InstanceTool {
    private final Console console;
    private final SupervisorConfig config;

    InstanceTool(Console console, SupervisorConfig config) {
        this.console = console;
        this.config = config;
    }

    /** Exit code of the tool mapped to the CLI's; {@code limit}: longest run before it is stopped. */
    int run(String tool, List<String> args, Duration limit) {
        List<String> command = command(tool, args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FICHAS_DATA_DIR", config.paths().dataDir().toString());
        builder.environment().put("FICHAS_LOG_DIR", config.paths().logDir().toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            try (InputStream out = process.getInputStream()) {
                out.transferTo(console.out());
            }
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                console.err().println(tool + " did not finish within " + limit.toSeconds() + " s.");
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

    List<String> command(String tool, List<String> args) {
        var instances = config.instances();
        List<String> command = new ArrayList<>();
        command.add(InstanceCommand.javaExecutable());
        command.add("-Xmx256m");
        if (instances.mainClass().isPresent()) {
            command.add("-cp");
            command.add(instances.classPath().orElseThrow());
            command.add("fichas.instance.InstanceMain");
        } else {
            command.add("-jar");
            command.add(instances.jar().toString());
        }
        command.add(tool);
        command.addAll(args);
        return command;
    }
}
