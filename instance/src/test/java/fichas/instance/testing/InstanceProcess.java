package fichas.instance.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An instance started from the built jar as its own JVM, as the supervisor starts it: with a port
 * chosen here and passed in {@code FICHAS_PORT}, as the supervisor does (the port names its log
 * file and its id; in-JVM tests use port 0 through {@link RunningInstance}). The jar path
 * comes from the {@code fichas.instance.jar} system property (set by failsafe). Output goes to
 * {@code <dataDir>/instance-<port>.out}. Always close it.
 */
public final class InstanceProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path output;

    private InstanceProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    public static Path jar() {
        String jar = System.getProperty("fichas.instance.jar", "target/fichas-instance.jar");
        Path path = Path.of(jar);
        if (!Files.exists(path)) {
            throw new IllegalStateException("instance jar " + path.toAbsolutePath() + " is missing: run the package phase");
        }
        return path;
    }

    /** Starts the jar and returns at once (not waiting for readiness). */
    public static InstanceProcess launch(Path dataDir, Map<String, String> env) {
        int port = Integer.parseInt(env.getOrDefault("FICHAS_PORT", Integer.toString(FreePorts.next())));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("FICHAS_PORT", Integer.toString(port));
        builder.environment().put("FICHAS_DATA_DIR", dataDir.toString());
        builder.environment().put("FICHAS_LOG_DIR", dataDir.resolve("logs").toString());
        builder.environment().put("FICHAS_ADMIN_PASSWORD", RunningInstance.ADMIN_PASSWORD);
        builder.environment().put("FICHAS_PBKDF2_ITERATIONS", "1000");
        builder.environment().put("FICHAS_PASSWORD_HASH", "pbkdf2");
        builder.environment().put("FICHAS_SUPERVISED", "true");
        builder.environment().putAll(env);
        Path output = dataDir.resolve("instance-" + port + ".out");
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        try {
            return new InstanceProcess(builder.start(), port, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the jar and waits until {@code /health} answers 200. */
    public static InstanceProcess start(Path dataDir, Map<String, String> env) {
        InstanceProcess instance = launch(dataDir, env);
        instance.awaitHealthy(Duration.ofSeconds(30));
        return instance;
    }

    public void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            awaitHealth(http, timeout);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("instance on port " + port + " not healthy within " + timeout + ": " + output());
        }
    }

    private void awaitHealth(HttpClient http, Duration timeout) {
        await("instance on port " + port + " healthy").atMost(timeout).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("instance exited with " + process.exitValue() + ": " + output());
                    }
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                });
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public ApiClient client() {
        return ApiClient.at(port);
    }

    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("instance on port " + port + " still running after " + timeout);
        }
        return process.exitValue();
    }

    /** Asks for a graceful stop through stdin (the supervisor's way), then destroys it if needed. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.getOutputStream().write("stop\n".getBytes());
                process.getOutputStream().flush();
            } catch (IOException e) {
                // already closing
            }
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
