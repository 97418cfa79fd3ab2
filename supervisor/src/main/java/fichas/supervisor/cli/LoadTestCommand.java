package fichas.supervisor.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code loadtest PLAN [key=value...]}: hands over to the JMeter module's Maven profile,
 * {@code mvnw -B -f jmeter/pom.xml clean verify -Pjmeter -Dplan=PLAN -Dkey=value...}, with the console attached.
 */
final class LoadTestCommand {
    private final Console console;
    private final Path home;

    LoadTestCommand(Console console, Path home) {
        this.console = console;
        this.home = home;
    }

    int run(String plan, List<String> properties) {
        Path pom = home.resolve("jmeter/pom.xml");
        if (!ready(pom)) {
            console.err().println("Load tests are not available yet: " + pom + " has no 'jmeter' profile "
                    + "(the JMeter module is still being built).");
            return ExitCodes.FAILED;
        }
        List<String> command = command(plan, properties);
        console.out().println("Running: " + String.join(" ", command));
        try {
            Process p = new ProcessBuilder(command).directory(home.toFile()).inheritIO().start();
            int code = p.waitFor();
            console.out().println("Load test '" + plan + "' finished with exit code " + code
                    + (code == 0 ? "" : " (see jmeter/target for the report)"));
            return code == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (IOException e) {
            console.err().println("Cannot run " + command.get(0) + ": " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    List<String> command(String plan, List<String> properties) {
        boolean windows = File.separatorChar == '\\';
        List<String> command = new ArrayList<>();
        command.add(home.resolve(windows ? "mvnw.cmd" : "mvnw").toString());
        command.addAll(List.of("-B", "-f", "jmeter/pom.xml", "clean", "verify", "-Pjmeter", "-Dplan=" + plan));
        for (String p : properties) {
            if (!p.contains("=")) {
                throw new IllegalArgumentException("load test settings look like key=value, but got '" + p + "'");
            }
            command.add("-D" + p);
        }
        return command;
    }

    private static boolean ready(Path pom) {
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<id>jmeter</id>");
        } catch (IOException e) {
            return false;
        }
    }
}
