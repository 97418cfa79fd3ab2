package fichas.instance.backup;

import fichas.instance.config.BackupConfig;
import fichas.core.config.ConfigException;
import fichas.instance.config.InstanceConfig;
import fichas.core.config.Settings;
import fichas.instance.http.Json;
import fichas.instance.monitoring.BuildVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The offline side of backups, run by the supervisor's CLI as {@code java -cp fichas-instance.jar
 * fichas.instance.backup.BackupTool <command> --data-dir DIR [args]} so that the CLI never reads the
 * database itself: {@code create} (online: safe while instances run), {@code list [--json]},
 * {@code verify NAME|ARCHIVE} (changes nothing), {@code restore NAME|ARCHIVE} (every instance must be
 * stopped). Exit codes: 0 done, 1 failed or refused (the message on stderr says why), 2 usage, 4 busy.
 */
public final class BackupTool {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int BUSY = 4;

    private final PrintStream out;
    private final PrintStream err;

    BackupTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        Path dataDir = Path.of(option(rest, "--data-dir", System.getenv().getOrDefault("FICHAS_DATA_DIR", "data")));
        Path logDir = Path.of(option(rest, "--log-dir", System.getenv().getOrDefault("FICHAS_LOG_DIR", "logs")));
        // Before the first logger: the tool's own log file, and nothing but warnings on the console.
        System.setProperty("fichas.log.dir", logDir.toString());
        System.setProperty("fichas.instance.id", "backup-tool");
        System.setProperty("fichas.console.level", "ERROR");
        int code = new BackupTool(System.out, System.err).run(rest, dataDir);
        System.out.flush();
        System.exit(code);
    }

    int run(List<String> args, Path dataDir) {
        if (args.isEmpty()) {
            err.println("usage: BackupTool create|list|verify|restore --data-dir DIR [NAME|ARCHIVE]");
            return USAGE;
        }
        Backups backups = new Backups(dataDir, Clock.systemUTC(), Duration.ofSeconds(10), BuildVersion.current());
        try {
            if (!args.get(0).equals("list") && onPostgres()) {
                // The SQLite file left behind by migrate-to-postgres is not the data, and a restore would also put
                // the live images (which the PostgreSQL rows use) aside: refuse, as POST /backups does.
                err.println("The data is on PostgreSQL (FICHAS_DB_URL): back it up with pg_dump on the database server "
                        + "(README, \"PostgreSQL\"); these backups and restores are for the SQLite file only.");
                return FAILED;
            }
            return switch (args.get(0)) {
                case "create" -> create(backups);
                case "list" -> list(backups, args.contains("--json"));
                case "verify" -> target(args).map(t -> verify(backups, dataDir, t)).orElse(USAGE);
                case "restore" -> target(args).map(t -> restore(backups, dataDir, t)).orElse(USAGE);
                default -> {
                    err.println("unknown backup command '" + args.get(0) + "'");
                    yield USAGE;
                }
            };
        } catch (BackupBusyException e) {
            err.println("A backup is already running; try again when it has finished.");
            return BUSY;
        } catch (BackupException | ConfigException e) {
            err.println(e.getMessage());
            return FAILED;
        }
    }

    private static boolean onPostgres() {
        return InstanceConfig.from(Settings.load(InstanceConfig.DEFAULTS_RESOURCE)).store().isPostgres();
    }

    private int create(Backups backups) {
        BackupConfig config = BackupConfig.from(Settings.load(InstanceConfig.DEFAULTS_RESOURCE));
        out.println("Taking a backup of " + backups.dir().getParent() + " (online: Fichas may keep running) ...");
        long started = System.nanoTime();
        BackupManifest manifest = backups.create("manual");
        List<String> pruned = backups.prune(config.keep(), manifest.name());
        out.println("Backup " + manifest.name() + " done in " + (System.nanoTime() - started) / 1_000_000 + " ms: "
                + summary(manifest));
        out.println("It is in " + backups.dir().resolve(manifest.name()));
        if (!pruned.isEmpty()) {
            out.println("Kept the newest " + config.keep() + " (FICHAS_BACKUP_KEEP); deleted " + String.join(", ", pruned));
        }
        config.copyDir().ifPresent(dir -> {
            try {
                out.println("Copied to " + new CopyDir(dir).copy(backups, manifest.name()));
            } catch (IOException | RuntimeException e) {
                err.println("warning: the copy to FICHAS_BACKUP_COPY_DIR " + dir + " failed: " + e.getMessage());
            }
        });
        return OK;
    }

    private int list(Backups backups, boolean json) {
        List<BackupManifest> all = backups.list();
        if (json) {
            try {
                out.println(Json.MAPPER.writeValueAsString(all.stream().map(BackupInfo::of).toList()));
            } catch (IOException e) {
                throw new BackupException("cannot write the list: " + e.getMessage(), e);
            }
            return OK;
        }
        if (all.isEmpty()) {
            out.println("No backups in " + backups.dir());
            return OK;
        }
        out.printf(Locale.ROOT, "%-3s %-34s %-21s %-10s %10s %8s %8s %7s%n", "#", "NAME", "CREATED (UTC)", "AGE", "SIZE",
                "PEDIDOS", "CLIENTES", "IMAGES");
        int n = 1;
        for (BackupManifest m : all) {
            out.printf(Locale.ROOT, "%-3d %-34s %-21s %-10s %10s %8d %8d %7d%n", n++, m.name(), m.createdAt(),
                    age(m.created()), size(m.bytes()), m.rowCounts().getOrDefault("pedidos", 0L),
                    m.rowCounts().getOrDefault("clientes", 0L), m.mediaFiles());
        }
        return OK;
    }

    private int verify(Backups backups, Path dataDir, String target) {
        BackupManifest manifest = new Restore(dataDir, backups, Clock.systemUTC(), out).verify(target);
        out.println("Backup " + manifest.name() + " is sound: " + summary(manifest));
        return OK;
    }

    private int restore(Backups backups, Path dataDir, String target) {
        long started = System.nanoTime();
        Restore.Result result = new Restore(dataDir, backups, Clock.systemUTC(), out).restore(target);
        out.println("Restore of " + result.restored().name() + " done in " + (System.nanoTime() - started) / 1_000_000
                + " ms.");
        if (result.setAside() != null) {
            out.println("The previous data is kept as backup " + result.setAside() + ": restore it to undo.");
        }
        return OK;
    }

    private java.util.Optional<String> target(List<String> args) {
        if (args.size() < 2) {
            err.println(args.get(0) + " needs a backup name or an archive file");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(args.get(1));
    }

    static String summary(BackupManifest m) {
        return size(m.bytes()) + ", " + m.rowCounts().getOrDefault("pedidos", 0L) + " pedidos, "
                + m.rowCounts().getOrDefault("clientes", 0L) + " clientes, " + m.mediaFiles() + " images, integrity "
                + m.integrity() + ", schema " + m.schemaVersion();
    }

    static String age(Instant created) {
        long minutes = Math.max(0, Duration.between(created, Instant.now()).toMinutes());
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + " h";
        }
        return minutes / (24 * 60) + " days";
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        if (at < 0 || at + 1 >= args.size()) {
            return fallback;
        }
        String value = args.get(at + 1);
        args.remove(at + 1);
        args.remove(at);
        return value;
    }
}
