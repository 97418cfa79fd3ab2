package fichas.supervisor.cli;

import fichas.supervisor.config.SupervisorConfig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code loadtest PLAN [key=value...]}: hands over to the JMeter module's Maven profile,
 * {@code mvnw -B -f jmeter/pom.xml clean verify -Pjmeter -Dplan=PLAN -Dkey=value...}, with the console attached.
 * Unless given, the port is this install's balancer port and the admin password is found as {@link AdminPassword}
 * says, so the menu's "Run a load test" works on a default install. Ends with {@link LoadTestSummary}.
 */
final class LoadTestCommand {
    private final Console console;
    private final Path home;
    private final Path dataDir;

    LoadTestCommand(Console console, SupervisorConfig config) {
        this(console, config.paths().home(), config.paths().dataDir());
    }

    LoadTestCommand(Console console, Path home, Path dataDir) {
        this.console = console;
        this.home = home;
        this.dataDir = dataDir;
    }

    int run(String plan, List<String> properties) {
        Path pom = home.resolve("jmeter/pom.xml");
        if (!ready(pom)) {
            console.err().println("Load tests are not available yet: " + pom + " has no 'jmeter' profile "
                    + "(the JMeter module is still being built).");
            return ExitCodes.FAILED;
        }
        List<String> plans = plans();
        if (!plans.contains(plan)) {
            console.err().println("unknown load test plan '" + plan + "'; the plans are: " + String.join(", ", plans));
            return ExitCodes.USAGE;
        }
        List<String> command = command(plan, withDefaults(properties));
        console.out().println("Running: " + String.join(" ", masked(command)));
        try {
            Process p = new ProcessBuilder(command).directory(home.toFile()).inheritIO().start();
            int code = p.waitFor();
            console.out().println("Load test '" + plan + "' finished with exit code " + code
                    + (code == 0 ? "" : " (see jmeter/target for the report)"));
            LoadTestSummary.lines(home.resolve("jmeter/target/jmeter/gate.json")).forEach(console.out()::println);
            return code == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (IOException e) {
            console.err().println("Cannot run " + command.get(0) + ": " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    /** The plans shipped with this install: the JMeter files of jmeter/src/test/jmeter, without their extension. */
    List<String> plans() {
        try (var files = Files.list(home.resolve("jmeter/src/test/jmeter"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jmx"))
                    .map(n -> n.substring(0, n.length() - ".jmx".length())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The given settings, plus this install's balancer port and admin password when they are not among them. */
    List<String> withDefaults(List<String> properties) {
        List<String> all = new ArrayList<>(properties);
        if (properties.stream().noneMatch(p -> p.startsWith("port="))) {
            all.add("port=" + console.settings().integer("FICHAS_BALANCER_PORT", 9000));
        }
        if (properties.stream().noneMatch(p -> p.startsWith("adminPassword="))) {
            var found = AdminPassword.find(console.settings(), dataDir);
            if (found.isPresent()) {
                console.out().println("Logging in as admin with the password from " + found.get().source());
                all.add("adminPassword=" + found.get().password());
            } else {
                console.out().println("No admin password found (FICHAS_ADMIN_PASSWORD is not set and "
                        + dataDir.resolve(AdminPassword.FILE) + " does not exist); pass adminPassword=...");
            }
        }
        return all;
    }

    /** The command for printing: the password's value replaced. */
    static List<String> masked(List<String> command) {
        return command.stream().map(a -> a.startsWith("-DadminPassword=") ? "-DadminPassword=****" : a).toList();
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
