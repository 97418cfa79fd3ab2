package fichas.supervisor.cli;

import fichas.supervisor.config.SupervisorConfig;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Parses the subcommand and runs it; returns the process exit code. No argument: the menu. */
public final class Cli {
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: start.sh [command]",
            "  (no command)        the admin menu",
            "  start [-d|--daemon] start Fichas (foreground; --daemon: in the background, wait until healthy)",
            "  stop                stop Fichas gracefully",
            "  status [--json]     show the instances",
            "  reload              rolling restart, one instance at a time, no failed requests",
            "  restart NAME        restart one instance now (e.g. instance-8001), also an errored one",
            "  logs [NAME] [--no-follow] [--lines N]   show and follow the logs",
            "  loadtest PLAN [key=value...]            run a JMeter plan (smoke, pcs25, load, ...)",
            "  backup              take a backup now (online: Fichas may keep running) and print where it is",
            "  backups             list the backups with their dates and counts",
            "  restore [NAME|FILE.zip] [--yes]         check a backup, stop Fichas, restore it (the current data",
            "                      is kept as a backup of its own), start Fichas; asks first unless --yes",
            "  reset-admin-password                    give user admin a new random password (shown once), end its sessions",
            "  migrate-to-postgres URL [--force]       copy data/fichas.db into an empty PostgreSQL database and verify it"
                    + " (stop the system first; FICHAS_DB_USER / FICHAS_DB_PASSWORD)");

    private final Console console;

    public Cli(Console console) {
        this.console = console;
    }

    static boolean isDaemonFlag(String[] args) {
        return Arrays.asList(args).contains("-d") || Arrays.asList(args).contains("--daemon");
    }

    public int run(String[] args) {
        if (args.length == 0) {
            return new Menu(console, this).run();
        }
        Optional<SupervisorConfig> config = console.config();
        if (config.isEmpty()) {
            return ExitCodes.USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return dispatch(args[0], rest, config.get());
    }

    private int dispatch(String command, List<String> rest, SupervisorConfig config) {
        Optional<String> unexpected = unexpectedArguments(command, rest);
        if (unexpected.isPresent()) {
            return usage(unexpected.get());
        }
        ClientCommands client = new ClientCommands(console, config);
        return switch (command) {
            case "start" -> isDaemonFlag(rest.toArray(String[]::new))
                    ? new DaemonStart(console, config).run() : new ForegroundStart(console, config).run();
            case "stop" -> client.stop();
            case "status" -> client.status(rest.contains("--json"));
            case "reload" -> client.reload();
            case "restart" -> rest.isEmpty() ? usage("restart needs an instance name, e.g. restart instance-8001")
                    : client.restart(rest.get(0));
            case "logs" -> new LogsCommand(console, config).run(rest, () -> false);
            case "loadtest" -> rest.isEmpty() ? usage("loadtest needs a plan name, e.g. loadtest smoke")
                    : new LoadTestCommand(console, config).run(rest.get(0), rest.subList(1, rest.size()));
            case "backup" -> new BackupCommands(console, config).backup();
            case "backups" -> new BackupCommands(console, config).list();
            case "restore" -> new BackupCommands(console, config).restore(rest);
            case ResetAdminPasswordCommand.NAME -> new ResetAdminPasswordCommand(console, config).run();
            case "migrate-to-postgres" -> rest.isEmpty()
                    ? usage("migrate-to-postgres needs the database, e.g. migrate-to-postgres "
                            + "jdbc:postgresql://db:5432/fichas (user and password: FICHAS_DB_USER, FICHAS_DB_PASSWORD)")
                    : new InstanceTool(console, config).run("migrate-to-postgres", rest, java.time.Duration.ofHours(2));
            case "help", "-h", "--help" -> {
                console.out().println(USAGE);
                yield ExitCodes.OK;
            }
            default -> usage("unknown command '" + command + "'");
        };
    }

    /**
     * What a command was given and does not take: refused with the usage (exit 2) instead of ignored — {@code stop
     * --now} stopped everything and {@code reset-admin-password extra} reset the password. {@code logs},
     * {@code loadtest}, {@code restore} and {@code migrate-to-postgres} read their own arguments.
     */
    static Optional<String> unexpectedArguments(String command, List<String> rest) {
        List<String> flags;
        int names;
        switch (command) {
            case "start" -> {
                flags = List.of("-d", "--daemon");
                names = 0;
            }
            case "status" -> {
                flags = List.of("--json");
                names = 0;
            }
            case "restart" -> {
                flags = List.of();
                names = 1;
            }
            case "stop", "reload", "backup", "backups", ResetAdminPasswordCommand.NAME, "help", "-h", "--help" -> {
                flags = List.of();
                names = 0;
            }
            default -> {
                return Optional.empty();
            }
        }
        List<String> unknownFlags = rest.stream().filter(a -> a.startsWith("-") && !flags.contains(a)).toList();
        if (!unknownFlags.isEmpty()) {
            return Optional.of(command + " does not take " + String.join(" ", unknownFlags));
        }
        List<String> given = rest.stream().filter(a -> !a.startsWith("-")).toList();
        if (given.size() > names) {
            return Optional.of(command + (names == 0 ? " takes no arguments" : " takes one name") + ", but was given "
                    + String.join(" ", given));
        }
        return Optional.empty();
    }

    private int usage(String problem) {
        console.err().println(problem);
        console.err().println(USAGE);
        return ExitCodes.USAGE;
    }
}
