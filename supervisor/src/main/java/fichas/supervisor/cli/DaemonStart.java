package fichas.supervisor.cli;

import fichas.observability.files.OwnerOnly;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.control.ControlClient;
import fichas.supervisor.process.InstanceCommand;
import fichas.supervisor.process.LogTail;
import fichas.supervisor.status.InstanceStatus;
import fichas.supervisor.status.SupervisorStatus;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code start --daemon}: starts the foreground supervisor as a detached process (output to
 * logs/supervisor.out, stdin from the null device, under {@code nohup} where it exists so closing the terminal
 * does not end it), then follows its progress through the control endpoint until every instance is online.
 */
final class DaemonStart {
    private final Console console;
    private final SupervisorConfig config;
    private final ControlClient client;

    DaemonStart(Console console, SupervisorConfig config) {
        this.console = console;
        this.config = config;
        this.client = new ControlClient(config.control().port(), config.paths().tokenFile());
    }

    int run() {
        if (client.reachable()) {
            console.out().println("Fichas is already running; ./start.sh status shows it.");
            return ExitCodes.OK;
        }
        Path output = config.paths().supervisorOutput();
        Process process;
        try {
            OwnerOnly.touch(output);
            process = spawn(output);
        } catch (IOException e) {
            console.err().println("Cannot start the supervisor: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        console.out().println("Fichas supervisor started in the background (pid " + process.pid() + "), output in " + output);
        try {
            return follow(process, output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    private Process spawn(Path output) throws IOException {
        List<String> command = new ArrayList<>();
        boolean windows = File.separatorChar == '\\';
        if (!windows && Files.isExecutable(Path.of("/usr/bin/nohup"))) {
            command.add("/usr/bin/nohup");
        }
        command.add(InstanceCommand.javaExecutable());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("-D")).forEach(command::add);
        if (!command.contains(InstanceCommand.EXIT_ON_OOM)) {
            command.add(InstanceCommand.EXIT_ON_OOM); // every JVM of the system: an out-of-memory error is an exit
        }
        command.add("-cp");
        // Absolute, because the daemon must not depend on the directory it was started from.
        command.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator)));
        command.add(FichasCli.class.getName());
        command.add("start");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File(windows ? "NUL" : "/dev/null")));
        pb.environment().putAll(console.settings().environment());
        pb.environment().put("FICHAS_HOME", config.paths().home().toString());
        // The JSON log is in logs/supervisor.log already; supervisor.out keeps the config, progress and warnings.
        pb.environment().putIfAbsent("FICHAS_LOG_CONSOLE_LEVEL", "WARN");
        return pb.start();
    }

    private int follow(Process process, Path output) throws InterruptedException {
        Set<String> reported = new HashSet<>();
        long deadline = System.nanoTime() + config.instances().startTimeout().plusSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                console.err().println("The supervisor exited with code " + process.exitValue() + "; last lines of " + output + ":");
                LogTail.last(output, 15).forEach(l -> console.err().println("  " + l));
                return ExitCodes.FAILED;
            }
            SupervisorStatus status = pollStatus();
            if (status != null && report(status, reported)) {
                return status.allOnline() ? ExitCodes.OK : ExitCodes.FAILED;
            }
            Thread.sleep(250);
        }
        console.err().println("Fichas did not come up in time; see ./start.sh status and " + output);
        return ExitCodes.FAILED;
    }

    /** Prints what changed; true once every instance has settled (online or errored). */
    private boolean report(SupervisorStatus status, Set<String> reported) {
        for (InstanceStatus i : status.instances()) {
            boolean settled = i.state().equals("online") || i.state().equals("errored");
            if (settled && reported.add(i.name())) {
                console.out().println("  " + i.name() + " " + i.state() + (i.state().equals("online")
                        ? " on port " + i.port() + " (pid " + i.pid() + ")" : ": " + i.lastError()));
            }
        }
        if (!status.ready() || reported.size() < status.instances().size()) {
            return false;
        }
        String target = status.url() != null ? status.url() : "(no balancer) port " + config.instances().basePort() + " and up";
        console.out().println(status.allOnline() ? "Fichas is up: " + target
                : "Fichas is up with " + ClientCommands.online(status).size() + " of " + status.instances().size()
                + " instances: " + target + " (the supervisor keeps running; see ./start.sh status)");
        if (status.url() != null) {
            console.out().println("Dashboard: " + status.url() + "/dashboard");
        }
        return true;
    }

    private SupervisorStatus pollStatus() {
        try {
            return client.status();
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
