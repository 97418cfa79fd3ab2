package fichas.supervisor.cli;

import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.process.InstanceCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the instance jar's backup tool ({@code fichas.instance.backup.BackupTool}) as a child JVM: the
 * instance module owns the database, its schema and the backup format, so the CLI never opens the
 * database itself. Output lines are passed on as they come (progress of long steps).
 */
final class BackupTool {
    private static final String MAIN = "fichas.instance.backup.BackupTool";
    /** The tool's exit code when another backup is running. */
    static final int BUSY = 4;

    private final SupervisorConfig config;

    BackupTool(SupervisorConfig config) {
        this.config = config;
    }

    /** Runs {@code command args...}; stdout lines go to {@code out}, stderr lines to {@code err}; returns the exit code. */
    int run(Consumer<String> out, PrintStream err, String command, String... args) throws IOException, InterruptedException {
        Path jar = config.instances().jar();
        if (!Files.isRegularFile(jar)) {
            err.println("The instance jar " + jar + " is missing: build Fichas first (./mvnw -q package -DskipTests).");
            return ExitCodes.FAILED;
        }
        List<String> line = new ArrayList<>(List.of(InstanceCommand.javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", jar.toString(), MAIN, command, "--data-dir", config.paths().dataDir().toString(),
                "--log-dir", config.paths().logDir().toString()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        Thread errors = new Thread(() -> pump(process.getErrorStream(), err::println), "backup-tool-stderr");
        errors.start();
        pump(process.getInputStream(), out);
        int code = process.waitFor();
        errors.join();
        return code;
    }

    private static void pump(java.io.InputStream stream, Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                sink.accept(text);
            }
        } catch (IOException e) {
            sink.accept("(output of the backup tool lost: " + e.getMessage() + ")");
        }
    }
}
