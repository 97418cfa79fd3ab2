package fichas.supervisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.control.ControlClient;
import fichas.supervisor.control.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code backup}, {@code backups} and {@code restore [NAME|ARCHIVE] [--yes]}. A backup is online, so it is taken
 * directly whether Fichas runs or not (the same code and the same lock as {@code POST /backups}, without needing an
 * admin token). A restore is offline: it checks the backup first (a damaged or foreign one is refused before anything
 * is stopped or changed), asks for confirmation, stops Fichas, restores (the current data becomes a backup of its
 * own), and starts Fichas again.
 */
final class BackupCommands {
    private final Console console;
    private final SupervisorConfig config;
    private final BackupTool tool;

    BackupCommands(Console console, SupervisorConfig config) {
        this.console = console;
        this.config = config;
        this.tool = new BackupTool(config);
    }

    int backup() {
        return call(() -> {
            int code = tool.run(console.out()::println, console.err(), "create");
            return code == BackupTool.BUSY ? ExitCodes.FAILED : code;
        });
    }

    int list() {
        return call(() -> tool.run(console.out()::println, console.err(), "list"));
    }

    int restore(List<String> args) {
        boolean yes = args.contains("--yes") || args.contains("-y");
        Optional<String> given = args.stream().filter(a -> !a.startsWith("-")).findFirst();
        return call(() -> {
            Optional<String> target = given.isPresent() ? given : choose();
            if (target.isEmpty()) {
                return ExitCodes.USAGE;
            }
            console.out().println("Checking " + target.get() + " before anything is changed ...");
            if (tool.run(console.out()::println, console.err(), "verify", target.get()) != ExitCodes.OK) {
                console.err().println("Restore refused: nothing was stopped or changed.");
                return ExitCodes.FAILED;
            }
            if (!yes && !confirm(target.get())) {
                console.out().println("Restore cancelled; nothing was changed.");
                return ExitCodes.OK;
            }
            ControlClient control = new ControlClient(config.control().port(), config.paths().tokenFile());
            boolean wasRunning = control.reachable();
            if (wasRunning) {
                console.out().println("Stopping Fichas for the restore ...");
                int stopped = new ClientCommands(console, config).stop();
                if (stopped != ExitCodes.OK) {
                    console.err().println("Restore aborted: Fichas did not stop; nothing was changed.");
                    return ExitCodes.FAILED;
                }
            }
            int restored = tool.run(console.out()::println, console.err(), "restore", target.get());
            if (restored != ExitCodes.OK) {
                // Not started: on an empty data directory the instances would begin a new, empty database.
                console.err().println("Summary: restore of " + target.get() + " failed (see above); Fichas was not"
                        + " started. ./start.sh backups lists the backups, including the pre-restore one if the"
                        + " current data was already set aside.");
                return ExitCodes.FAILED;
            }
            console.out().println("Starting Fichas ...");
            int started = new DaemonStart(console, config).run();
            console.out().println("Summary: backup " + target.get() + " restored and verified; Fichas "
                    + (started == ExitCodes.OK ? "is running again." : "did not start: see ./start.sh status."));
            return started;
        });
    }

    /** Lists the backups and reads a number or a name; empty on no input or no backups. */
    private Optional<String> choose() throws IOException, InterruptedException {
        List<String> json = new ArrayList<>();
        if (tool.run(json::add, console.err(), "list", "--json") != ExitCodes.OK) {
            return Optional.empty();
        }
        JsonNode items = Json.MAPPER.readTree(String.join("", json));
        if (items == null || items.isEmpty()) {
            console.out().println("There are no backups in " + config.paths().dataDir().resolve("backups")
                    + "; give an archive file: restore <file.zip>");
            return Optional.empty();
        }
        tool.run(console.out()::println, console.err(), "list");
        console.out().print("Backup to restore (number or name; Enter to cancel): ");
        console.out().flush();
        String answer = readLine();
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        answer = answer.trim();
        if (answer.matches("\\d{1,4}")) {
            int n = Integer.parseInt(answer);
            if (n < 1 || n > items.size()) {
                console.err().println("There is no backup number " + n + ".");
                return Optional.empty();
            }
            return Optional.of(items.get(n - 1).get("name").asText());
        }
        return Optional.of(answer);
    }

    private boolean confirm(String target) {
        console.out().println("Restoring " + target + " stops Fichas, keeps the current data aside as a backup of its own"
                + " (restore that one to undo), puts the backup in place and starts Fichas again.");
        console.out().print("Type 'yes' to restore: ");
        console.out().flush();
        String answer = readLine();
        return answer != null && List.of("yes", "y", "sim", "s").contains(answer.trim().toLowerCase(Locale.ROOT));
    }

    private String readLine() {
        try {
            return console.in().readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private int call(Action action) {
        try {
            return action.run();
        } catch (IOException e) {
            console.err().println("Backup command failed: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    @FunctionalInterface
    private interface Action {
        int run() throws IOException, InterruptedException;
    }
}
