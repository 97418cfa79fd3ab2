package fichas.supervisor.support;

import fichas.supervisor.cli.FichasCli;
import fichas.supervisor.process.InstanceCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** A foreground supervisor ({@code FichasCli start}) in its own JVM, as start.sh runs it. Always {@link #kill()} it. */
public final class SupervisorProcess {
    private final Process process;
    private final Path output;

    private SupervisorProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static SupervisorProcess start(Map<String, String> env, Path output) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(InstanceCommand.javaExecutable(), "-Xmx128m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), FichasCli.class.getName(), "start")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(env);
        return new SupervisorProcess(pb.start(), output);
    }

    public SupervisorProcess awaitUp(Duration timeout) throws IOException {
        await().atMost(timeout).until(() -> output().contains("Fichas is up") || !process.isAlive());
        if (!output().contains("Fichas is up")) {
            throw new AssertionError("supervisor did not come up:\n" + output());
        }
        return this;
    }

    public String output() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook, no goodbye to the children. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static List<ProcessHandle> alive(List<Long> pids) {
        return pids.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream).filter(ProcessHandle::isAlive).toList();
    }
}
