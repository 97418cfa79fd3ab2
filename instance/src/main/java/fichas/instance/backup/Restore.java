package fichas.instance.backup;

import fichas.observability.files.Fsync;
import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
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
 * Order matters, so that a refused backup touches nothing, a restore can be undone, and a crash at any
 * point leaves the live data or a complete backup of it:
 * <ol>
 *   <li>take the backup lock for the whole restore (no backup, prune or second restore meanwhile);</li>
 *   <li>check the backup completely in a staging directory ({@link VerifiedBackup});</li>
 *   <li>link the live {@code fichas.db} (checkpointed first) and its images into a backup of their own,
 *       {@code pre-restore-<time>}, listed and restorable like any other, made durable and renamed into place
 *       <em>before</em> any live name is removed (links, so nothing is copied and a crash before the rename leaves
 *       the live files untouched);</li>
 *   <li>remove the live names ({@code fichas.db}, its {@code -wal}/{@code -shm}/{@code -journal} whether or not the
 *       database is there, so no old log is replayed onto the restored file, and {@code media/});</li>
 *   <li>move the migrated copy in as {@code fichas.db} and link the backup's images into {@code media/};</li>
 *   <li>check the result again.</li>
 * </ol>
 * A live database that cannot be read (the reason for many restores) is set aside as it is, with its log files,
 * and its manifest says {@code integrity: unreadable}. Blocking; prints a line per step to {@code progress}.
 */
public final class Restore {
    private static final List<String> LOG_SUFFIXES = List.of("-wal", "-shm", "-journal");
    private static final String REPLACED_MEDIA = ".media-replaced-";

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
        return staged("backup " + source + " cannot be checked", staging ->
                VerifiedBackup.check(resolve(source), staging, progress).manifest());
    }

    public Result restore(String source) {
        return staged("restore of " + source + " failed", staging -> {
            VerifiedBackup verified = VerifiedBackup.check(resolve(source), staging, progress);
            String aside = setAside();
            removeLiveFiles();
            progress.println("Putting backup " + verified.manifest().name() + " in place ...");
            Path live = dataDir.resolve(BackupManifest.DATABASE);
            Fsync.file(verified.migratedDatabase());
            Files.move(verified.migratedDatabase(), live, StandardCopyOption.ATOMIC_MOVE);
            Path media = dataDir.resolve(BackupManifest.MEDIA);
            OwnerOnly.directories(media);
            Set<String> linked = MediaLinks.linkAll(verified.mediaDir(), media);
            Fsync.directory(dataDir);
            DatabaseFacts facts = VerifiedBackup.requireIntact(copier(), live, "the restored database");
            progress.println("Restored: schema " + facts.schemaVersion() + ", " + facts.rowCounts().getOrDefault("pedidos", 0L)
                    + " pedidos, " + facts.rowCounts().getOrDefault("clientes", 0L) + " clientes, " + linked.size()
                    + " images; integrity ok.");
            return new Result(verified.manifest(), aside, facts.schemaVersion());
        });
    }

    /** Work on a backup in a staging directory of its own. */
    @FunctionalInterface
    private interface StagedWork<T> {
        T run(Path staging) throws IOException, SQLException;
    }

    /** Runs {@code work} holding the backup lock, in a staging directory deleted afterwards. */
    private <T> T staged(String failure, StagedWork<T> work) {
        try (BackupLock.Held held = backups.lockForRestore()) {
            Path staging = staging();
            try {
                return work.run(staging);
            } catch (IOException | SQLException e) {
                throw new BackupException(failure + ": " + e.getMessage(), e);
            } finally {
                Backups.deleteTree(staging);
            }
        }
    }

    /**
     * Links the live files into {@code backups/pre-restore-<time>/} with a manifest, durable and renamed into place;
     * the live names are still there when it returns. Null when there is no live database.
     */
    private String setAside() throws IOException, SQLException {
        Path live = dataDir.resolve(BackupManifest.DATABASE);
        if (!Files.exists(live)) {
            progress.println("No current database to set aside.");
            return null;
        }
        boolean readable = checkpoint(live);
        String name = backups.uniqueName(BackupNames.stamped("pre-restore", clock.instant()));
        Path temp = OwnerOnly.directories(backups.dir().resolve(Backups.TEMP_PREFIX + name));
        progress.println("Setting the current data aside as backup " + name + " (restore it to undo) ...");
        Path database = temp.resolve(BackupManifest.DATABASE);
        MediaLinks.link(live, database);
        if (!readable) {
            for (String suffix : LOG_SUFFIXES) { // its committed pages may still be in its log: keep them with it
                MediaLinks.link(dataDir.resolve(BackupManifest.DATABASE + suffix), temp.resolve(BackupManifest.DATABASE + suffix));
            }
        }
        Path media = OwnerOnly.directories(temp.resolve(BackupManifest.MEDIA));
        // images only: no upload temps or trash
        Set<String> images = MediaLinks.linkAll(dataDir.resolve(BackupManifest.MEDIA), media);
        long bytes = 0;
        for (String image : images) {
            bytes += Files.size(media.resolve(image));
        }
        DatabaseFacts facts = readable ? facts(database) : DatabaseFacts.unreadable();
        java.time.Instant now = clock.instant();
        new BackupManifest(BackupManifest.FORMAT, 1, name, fichas.instance.http.Timestamps.format(now),
                now.toEpochMilli(), "pre-restore", fichas.instance.monitoring.BuildVersion.current(), facts.schemaVersion(),
                facts.sqliteVersion(), "link", facts.integrity(), Files.size(database), FileHashes.sha256(database),
                facts.rowCounts(), images.size(), bytes).write(temp);
        Fsync.directory(temp);
        Files.move(temp, backups.dir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(backups.dir());
        return name;
    }

    /**
     * Checkpoints the live database into its main file; false when it cannot be read at all. Refuses when another
     * connection has it open: an instance still running would go on writing to files about to be replaced.
     */
    private boolean checkpoint(Path live) {
        try (Connection connection = copier().open(live, false); Statement statement = connection.createStatement();
             java.sql.ResultSet checkpoint = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            // busy = 1: another connection still reads or writes, i.e. an instance is running; its WAL must not be lost.
            if (checkpoint.next() && checkpoint.getInt(1) != 0) {
                throw inUse(live);
            }
        } catch (SQLException e) {
            progress.println("The current database cannot be read (" + e.getMessage() + "): it is set aside as it is.");
            return false;
        }
        // SQLite removes the log when its last connection closes; a log still there means another process has it open.
        if (Files.exists(dataDir.resolve(BackupManifest.DATABASE + "-wal"))) {
            throw inUse(live);
        }
        return true;
    }

    private static BackupException inUse(Path live) {
        return new BackupException("the database " + live + " is in use: stop Fichas first (./start.sh stop)");
    }

    private DatabaseFacts facts(Path database) throws SQLException {
        try (Connection connection = copier().open(database, true)) {
            return DatabaseFacts.of(connection);
        }
    }

    /** The live names, once {@link #setAside} has published what they held. */
    private void removeLiveFiles() throws IOException {
        for (String suffix : LOG_SUFFIXES) {
            Files.deleteIfExists(dataDir.resolve(BackupManifest.DATABASE + suffix));
        }
        Files.deleteIfExists(dataDir.resolve(BackupManifest.DATABASE));
        // what an earlier restore that died while deleting the replaced images left (they are in its pre-restore backup)
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dataDir, REPLACED_MEDIA + "*")) {
            leftovers.forEach(Backups::deleteTree);
        }
        Path media = dataDir.resolve(BackupManifest.MEDIA);
        if (Files.isDirectory(media)) {
            Path gone = dataDir.resolve(REPLACED_MEDIA + UUID.randomUUID());
            Files.move(media, gone, StandardCopyOption.ATOMIC_MOVE);
            Backups.deleteTree(gone);
        }
        Fsync.directory(dataDir);
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
            return OwnerOnly.directories(backups.dir().resolve(Backups.STAGING_PREFIX + UUID.randomUUID()));
        } catch (IOException e) {
            throw new BackupException("cannot create a staging directory in " + backups.dir() + ": " + e.getMessage(), e);
        }
    }

    private static SnapshotCopier copier() {
        return new SnapshotCopier(SnapshotCopier.Method.BACKUP_API, Duration.ofSeconds(10));
    }
}
