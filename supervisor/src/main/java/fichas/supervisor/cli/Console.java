package fichas.supervisor.cli;

import fichas.core.config.Settings;

import fichas.supervisor.config.SupervisorConfig;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.Optional;

/** The CLI's world: settings, and the three standard streams (scripted in tests). */
record Console(Settings settings, BufferedReader in, PrintStream out, PrintStream err) {
    /** The supervisor's configuration, or empty after printing "Configuration error: …" (exit {@link ExitCodes#USAGE}). */
    Optional<SupervisorConfig> config() {
        try {
            return Optional.of(SupervisorConfig.load(settings));
        } catch (IllegalArgumentException e) {
            err.println("Configuration error: " + e.getMessage());
            return Optional.empty();
        }
    }
}
