package fichas.supervisor.cli;

import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.control.ControlClient;
import fichas.supervisor.control.Json;
import fichas.supervisor.process.PidFile;
import fichas.supervisor.process.PidRecord;
import fichas.supervisor.status.LastBackup;
import fichas.supervisor.status.StatusTable;
import fichas.supervisor.status.SupervisorStatus;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code stop}, {@code status}, {@code reload}, {@code restart NAME}: requests to a running supervisor. */
final class ClientCommands {
    private final Console console;
    private final SupervisorConfig config;
    private final ControlClient client;

    ClientCommands(Console console, SupervisorConfig config) {
        this.console = console;
        this.config = config;
        this.client = new ControlClient(config.control().port(), config.paths().tokenFile());
    }

    int status(boolean json) {
        return call(() -> {
            SupervisorStatus status = client.status();
            console.out().print(json ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status) + "\n"
                    : StatusTable.render(status));
            if (!json) {
                console.out().println(LastBackup.line(config.paths().dataDir(), java.time.Clock.systemUTC()));
            }
            return ExitCodes.OK;
        });
    }

    int stop() {
        return call(() -> {
            Optional<ProcessHandle> supervisor = new PidFile(config.paths().supervisorPidFile()).read().stream()
                    .map(PidRecord::live).flatMap(Optional::stream).findFirst();
            console.out().println("Stopping Fichas...");
            client.stop();
            Duration patience = config.stop().graceful().plus(config.stop().terminate().multipliedBy(3)).plusSeconds(10);
            if (supervisor.isPresent() && !awaitExit(supervisor.get(), patience)) {
                console.err().println("The supervisor (pid " + supervisor.get().pid() + ") is still running after "
                        + patience.toSeconds() + " s; see logs/supervisor.log");
                return ExitCodes.FAILED;
            }
            console.out().println("Fichas stopped.");
            return ExitCodes.OK;
        });
    }

    int reload() {
        return call(() -> {
            console.out().println("Reloading one instance at a time...");
            client.reload(reloadTimeout());
            console.out().println("Reload complete.");
            return ExitCodes.OK;
        });
    }

    int restart(String name) {
        return call(() -> {
            console.out().println("Restarting " + name + "...");
            String state = client.restart(name, config.instances().startTimeout().plusSeconds(30));
            console.out().println(name + " is " + state + ".");
            return state.equals("online") ? ExitCodes.OK : ExitCodes.FAILED;
        });
    }

    private Duration reloadTimeout() {
        Duration perInstance = config.instances().startTimeout().plus(config.stop().graceful()).plusSeconds(45);
        return perInstance.multipliedBy(config.instances().count());
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    private int call(Action action) {
        try {
            return action.run();
        } catch (ControlClient.ControlException e) {
            console.err().println(e.getMessage());
            if (e.status() == 404) {
                return ExitCodes.USAGE; // restart of a name the supervisor does not have
            }
            return e.getMessage().startsWith("Fichas is not running") ? ExitCodes.NOT_RUNNING : ExitCodes.FAILED;
        } catch (IOException e) {
            console.err().println("Cannot reach the supervisor on 127.0.0.1:" + config.control().port() + ": " + e);
            return ExitCodes.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    /** Lines of the given status worth showing while waiting; used by the daemon start. */
    static List<String> online(SupervisorStatus status) {
        return status.instances().stream().filter(i -> i.state().equals("online")).map(i -> i.name()).toList();
    }

    @FunctionalInterface
    private interface Action {
        int run() throws IOException, InterruptedException;
    }
}
