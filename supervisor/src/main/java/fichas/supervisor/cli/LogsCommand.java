package fichas.supervisor.cli;

import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.process.LogFollower;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code logs [NAME] [--no-follow] [--lines N]}: the last lines of the supervisor log, the balancer's output and
 * every instance's output (or one of them: an instance, {@code balancer} or {@code supervisor}), then new lines as
 * they come, until {@code stop} says so or Ctrl-C.
 */
final class LogsCommand {
    private final Console console;
    private final SupervisorConfig config;

    LogsCommand(Console console, SupervisorConfig config) {
        this.console = console;
        this.config = config;
    }

    int run(List<String> args, BooleanSupplier stop) {
        boolean follow = !args.contains("--no-follow");
        int lines = 20;
        String name = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--lines") && i + 1 < args.size()) {
                String n = args.get(++i);
                if (!n.matches("\\d{1,6}")) {
                    console.err().println("--lines needs a number, but got '" + n + "'");
                    return ExitCodes.USAGE;
                }
                lines = Integer.parseInt(n);
            } else if (a.startsWith("-") && !a.equals("--no-follow")) {
                console.err().println("logs does not take " + a + " (logs [NAME] [--no-follow] [--lines N])");
                return ExitCodes.USAGE;
            } else if (!a.startsWith("-")) {
                if (name != null) {
                    console.err().println("logs takes one name, but was given " + name + " and " + a);
                    return ExitCodes.USAGE;
                }
                name = a;
            }
        }
        List<Path> files = files(name);
        if (files.isEmpty()) {
            console.err().println("No logs found in " + config.paths().logDir() + (name == null ? "" : " for " + name));
            return ExitCodes.FAILED;
        }
        try {
            new LogFollower(files, console.out()).run(lines, follow, stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    private List<Path> files(String name) {
        Path dir = config.paths().logDir();
        List<Path> files = new ArrayList<>();
        if (name == null) {
            addIfExists(files, config.paths().supervisorLog());
            addIfExists(files, config.paths().balancerOutput());
            // instance-<id>.log is the instance's JSON log (every request); instance-<id>.out is what the
            // process printed: warnings, errors and anything the JVM itself wrote.
            try (DirectoryStream<Path> outs = Files.newDirectoryStream(dir, "instance-*.{log,out}")) {
                outs.forEach(files::add);
            } catch (IOException e) {
                return files;
            }
        } else {
            String id = name.startsWith("instance-") ? name.substring("instance-".length()) : name;
            if (name.equals("supervisor")) {
                addIfExists(files, config.paths().supervisorLog());
            } else if (name.equals("balancer")) {
                addIfExists(files, config.paths().balancerOutput());
            } else {
                addIfExists(files, dir.resolve("instance-" + id + ".log"));
                addIfExists(files, config.paths().instanceOutput(id));
            }
        }
        files.sort(null);
        return files;
    }

    private static void addIfExists(List<Path> files, Path file) {
        if (Files.isRegularFile(file)) {
            files.add(file);
        }
    }
}
