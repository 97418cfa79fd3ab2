package fichas.instance.backup;

import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Puts a backup in place of the live data, offline (every instance stopped; the CLI sees to that).
 * Order matters, so that a refused backup touches nothing and a restore can be undone:
 * <ol>
 *   <li>check the backup completely in a staging directory ({@link VerifiedBackup});</li>
 *   <li>move the live {@code fichas.db} (checkpointed first) and {@code media/} aside into a backup of
 *       their own, {@code pre-restore-<time>}, listed and restorable like any other;</li>
 *   <li>move the migrated copy in as {@code fichas.db} and link the backup's images into {@code media/};</li>
 *   <li>check the result again.</li>
 * </ol>
 * Blocking; prints a line per step to {@code progress}.
 */
public final class Restore {
    private final Path dataDir;
    private final Backups backups;
    private final Clock clock;
    private final PrintStream progress;

    public Restore(Path dataDir, Backups backups, Clock clock, PrintStream progress) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.backups = backups;
        this.clock = clock;
        this.progress = progress;
    }

    /** What a restore did. */
    public record Result(BackupManifest restored, String setAside, int schemaVersion) {
    }

    /** Checks {@code source} (a backup name or an archive file) without changing anything. */
    public BackupManifest verify(String source) {
        Path staging = staging();
        try {
            return VerifiedBackup.check(resolve(source), staging, progress).manifest();
        } catch (IOException | SQLException e) {
            throw new BackupException("backup " + source + " cannot be checked: " + e.getMessage(), e);
        } finally {
            Backups.deleteTree(staging);
        }
    }

    public Result restore(String source) {
        Path staging = staging();
        try {
            VerifiedBackup verified = VerifiedBackup.check(resolve(source), staging, progress);
            String aside = setAside();
            progress.println("Putting backup " + verified.manifest().name() + " in place ...");
            Path live = dataDir.resolve(BackupManifest.DATABASE);
            Files.move(verified.migratedDatabase(), live, StandardCopyOption.ATOMIC_MOVE);
            Path media = dataDir.resolve(BackupManifest.MEDIA);
            Files.createDirectories(media);
            Set<String> linked = MediaLinks.linkAll(verified.mediaDir(), media);
            DatabaseFacts facts = VerifiedBackup.requireIntact(copier(), live, "the restored database");
            progress.println("Restored: schema " + facts.schemaVersion() + ", " + facts.rowCounts().getOrDefault("pedidos", 0L)
                    + " pedidos, " + facts.rowCounts().getOrDefault("clientes", 0L) + " clientes, " + linked.size()
                    + " images; integrity ok.");
            return new Result(verified.manifest(), aside, facts.schemaVersion());
        } catch (IOException | SQLException e) {
            throw new BackupException("restore of " + source + " failed: " + e.getMessage(), e);
        } finally {
            Backups.deleteTree(staging);
        }
    }

    /** The live files moved into {@code backups/pre-restore-<time>/} with a manifest; null when there were none. */
    private String setAside() throws IOException, SQLException {
        Path live = dataDir.resolve(BackupManifest.DATABASE);
        if (!Files.exists(live)) {
            progress.println("No current database to set aside.");
            return null;
        }
        try (Connection connection = copier().open(live, false); Statement statement = connection.createStatement();
             java.sql.ResultSet checkpoint = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            // busy = 1: another connection still reads or writes, i.e. an instance is running; its WAL must not be lost.
            if (checkpoint.next() && checkpoint.getInt(1) != 0) {
                throw new BackupException("the database " + live + " is in use: stop Fichas first (./start.sh stop)");
            }
        }
        String name = backups.uniqueName(BackupNames.stamped("pre-restore", clock.instant()));
        Path temp = OwnerOnly.directories(backups.dir().resolve(Backups.TEMP_PREFIX + name));
        progress.println("Setting the current data aside as backup " + name + " (restore it to undo) ...");
        for (String suffix : List.of("-wal", "-shm", "-journal")) {
            Files.deleteIfExists(dataDir.resolve(BackupManifest.DATABASE + suffix));
        }
        Files.move(live, temp.resolve(BackupManifest.DATABASE), StandardCopyOption.ATOMIC_MOVE);
        Path media = dataDir.resolve(BackupManifest.MEDIA);
        if (Files.isDirectory(media)) {
            Files.move(media, temp.resolve(BackupManifest.MEDIA), StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.createDirectories(temp.resolve(BackupManifest.MEDIA));
        }
        Path database = temp.resolve(BackupManifest.DATABASE);
        DatabaseFacts facts;
        try (Connection connection = copier().open(database, true)) {
            facts = DatabaseFacts.of(connection);
        }
        int images = 0;
        long bytes = 0;
        try (var files = Files.list(temp.resolve(BackupManifest.MEDIA))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (FileHashes.MEDIA_NAME.matcher(file.getFileName().toString()).matches()) {
                    images++;
                    bytes += Files.size(file);
                }
            }
        }
        java.time.Instant now = clock.instant();
        new BackupManifest(BackupManifest.FORMAT, 1, name, fichas.instance.http.Timestamps.format(now),
                now.toEpochMilli(), "pre-restore", fichas.instance.monitoring.BuildVersion.current(), facts.schemaVersion(),
                facts.sqliteVersion(), "move", facts.integrity(), Files.size(database), FileHashes.sha256(database),
                facts.rowCounts(), images, bytes).write(temp);
        Files.move(temp, backups.dir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return name;
    }

    private Path resolve(String source) {
        Path file = Path.of(source);
        if (Files.isRegularFile(file)) {
            return file.toAbsolutePath();
        }
        return backups.path(source).orElseThrow(() -> new BackupException("no backup named '" + source
                + "' in " + backups.dir() + " and no archive file of that name"));
    }

    private Path staging() {
        try {
            OwnerOnly.directories(backups.dir());
            return OwnerOnly.directories(backups.dir().resolve(".restore-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new BackupException("cannot create a staging directory in " + backups.dir() + ": " + e.getMessage(), e);
        }
    }

    private static SnapshotCopier copier() {
        return new SnapshotCopier(SnapshotCopier.Method.BACKUP_API, Duration.ofSeconds(10));
    }
}
