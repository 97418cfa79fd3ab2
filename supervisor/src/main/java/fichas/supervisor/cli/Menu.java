package fichas.supervisor.cli;

import fichas.supervisor.config.SupervisorConfig;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The numbered admin menu of {@code ./start.sh} without arguments. Reads the operator's choices line by line
 * from stdin (so tests script it); end of input exits. Each entry runs the same code as its subcommand.
 */
final class Menu {
    private final Console console;
    private final Cli cli;

    Menu(Console console, Cli cli) {
        this.console = console;
        this.cli = cli;
    }

    int run() {
        while (true) {
            printMenu();
            String line = readLine();
            if (line == null) {
                return ExitCodes.OK;
            }
            Optional<MenuChoice> choice = MenuChoice.parse(line);
            if (choice.isEmpty()) {
                console.out().println("Please enter a number from 1 to " + MenuChoice.values().length + ".");
                continue;
            }
            if (choice.get() == MenuChoice.EXIT) {
                return ExitCodes.OK;
            }
            int code = perform(choice.get());
            console.out().println(code == ExitCodes.OK ? "" : "(exit code " + code + ")");
        }
    }

    private int perform(MenuChoice choice) {
        return switch (choice) {
            case START -> cli.run(new String[]{"start", "--daemon"});
            case STOP -> cli.run(new String[]{"stop"});
            case STATUS -> cli.run(new String[]{"status"});
            case RELOAD -> cli.run(new String[]{"reload"});
            case RESTART -> ask("Instance name (e.g. instance-8001): ").map(n -> cli.run(new String[]{"restart", n}))
                    .orElse(ExitCodes.USAGE);
            case LOGS -> followLogs();
            case LOADTEST -> ask("Plan (smoke, pcs25, load, shiftstart, stress, endurance, failover) [smoke]: ")
                    .or(() -> Optional.of("smoke")).map(p -> cli.run(new String[]{"loadtest", p})).orElseThrow();
            case BACKUP -> cli.run(new String[]{"backup"});
            case RESTORE -> cli.run(new String[]{"restore"});
            case RESET_ADMIN_PASSWORD -> cli.run(new String[]{ResetAdminPasswordCommand.NAME});
            case EXIT -> ExitCodes.OK;
        };
    }

    /** Follows until the operator presses Enter, then comes back to the menu. */
    private int followLogs() {
        Optional<String> name = ask("Instance name, or Enter for all: ");
        Optional<SupervisorConfig> loaded = console.config();
        if (loaded.isEmpty()) {
            return ExitCodes.USAGE;
        }
        SupervisorConfig config = loaded.get();
        console.out().println("Following logs; press Enter to return to the menu.");
        AtomicBoolean stop = new AtomicBoolean();
        Thread follower = new Thread(() -> new LogsCommand(console, config).run(name.map(List::of).orElse(List.of()), stop::get),
                "fichas-logs");
        follower.start();
        readLine();
        stop.set(true);
        try {
            follower.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    private Optional<String> ask(String prompt) {
        console.out().print(prompt);
        console.out().flush();
        return Optional.ofNullable(readLine()).map(String::trim).filter(s -> !s.isEmpty());
    }

    private void printMenu() {
        console.out().println();
        console.out().println("Fichas admin menu");
        for (MenuChoice c : MenuChoice.values()) {
            console.out().println("  " + c.number() + ") " + c.label());
        }
        console.out().print("Choose 1-" + MenuChoice.values().length + ": ");
        console.out().flush();
    }

    private String readLine() {
        try {
            return console.in().readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
