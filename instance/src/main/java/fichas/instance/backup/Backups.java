package fichas.instance.backup;

import fichas.observability.files.FileTrees;
import fichas.observability.files.Fsync;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups of one data directory, {@code <data dir>/backups/<name>/}: take one, list, find, delete,
 * stream one as a zip archive, keep the newest N. A backup is written under a hidden temporary name
 * and renamed into place only when complete, so the listing never shows half a backup; entries whose
 * name starts with a dot are never listed. Blocking file and database I/O; thread-safe, and safe
 * across processes sharing the directory (one backup at a time through {@link BackupLock}).
 */
public final class Backups {
    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    static final String TEMP_PREFIX = ".tmp-";
    private static final String TRASH_PREFIX = ".trash-";
    /** A restore's or verify's staging directory ({@link Restore}). */
    static final String STAGING_PREFIX = ".restore-";
    private static final Comparator<BackupManifest> NEWEST_FIRST =
            Comparator.comparing(BackupManifest::created).thenComparingLong(BackupManifest::createdEpochMs).reversed();

    private final Path dataDir;
    private final Path dir;
    private final Clock clock;
    private final BackupWriter writer;
    private final BackupLock lock;

    public Backups(Path dataDir, Clock clock, Duration busyTimeout, String appVersion) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.dir = this.dataDir.resolve("backups");
        this.clock = clock;
        this.writer = new BackupWriter(new SnapshotCopier(SnapshotCopier.Method.BACKUP_API, busyTimeout), appVersion);
        this.lock = new BackupLock(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Takes a backup now; {@link BackupBusyException} at once when another one is running. */
    public BackupManifest create(String trigger) {
        try (BackupLock.Held held = lock.acquire()) {
            return createLocked(trigger);
        }
    }

    /** As {@link #create}, waiting up to {@code patience} for a running backup to finish first. */
    public BackupManifest create(String trigger, Duration patience) throws InterruptedException {
        try (BackupLock.Held held = lock.acquire(patience)) {
            return createLocked(trigger);
        }
    }

    private BackupManifest createLocked(String trigger) {
        removeLeftovers();
        Instant now = clock.instant();
        String name = uniqueName(BackupNames.stamped("backup", now));
        Path temp = dir.resolve(TEMP_PREFIX + name);
        long started = System.nanoTime();
        try {
            BackupManifest manifest = writer.write(dataDir, temp, name, trigger, now);
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            Fsync.directory(dir);
            log.info("backup {} taken ({}): {} bytes, {} images, in {} ms", name, trigger, manifest.bytes(),
                    manifest.mediaFiles(), (System.nanoTime() - started) / 1_000_000);
            return manifest;
        } catch (IOException | SQLException | RuntimeException e) {
            deleteTree(temp);
            if (e instanceof BackupException backup) {
                throw backup;
            }
            throw new BackupException("backup " + name + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The backup lock for a restore or a verify (no backup, prune or other restore meanwhile), after sweeping what
     * an interrupted one left; {@link BackupBusyException} at once when a backup runs.
     */
    BackupLock.Held lockForRestore() {
        BackupLock.Held held = lock.acquire();
        removeLeftovers();
        return held;
    }

    String uniqueName(String base) {
        String name = base;
        for (int n = 2; Files.exists(dir.resolve(name)); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    /** Complete backups, newest first. A directory whose manifest cannot be read is skipped (and logged). */
    public List<BackupManifest> list() {
        List<BackupManifest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!BackupNames.isValid(name) || !Files.isDirectory(entry)) {
                    continue;
                }
                try {
                    out.add(manifestOf(entry));
                } catch (BackupException e) {
                    log.warn("backups: {} is not listed: {}", entry, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("backups directory " + dir + " cannot be listed", e);
        }
        out.sort(NEWEST_FIRST);
        return out;
    }

    public Optional<BackupManifest> find(String name) {
        if (!BackupNames.isValid(name)) {
            return Optional.empty();
        }
        Path entry = dir.resolve(name);
        if (!Files.isDirectory(entry)) {
            return Optional.empty();
        }
        try {
            return Optional.of(manifestOf(entry));
        } catch (BackupException e) {
            return Optional.empty();
        }
    }

    /** The manifest of a backup directory, which must carry the directory's own name (not a copy's or an edit's). */
    private static BackupManifest manifestOf(Path entry) {
        BackupManifest manifest = BackupManifest.read(entry);
        if (!manifest.name().equals(entry.getFileName().toString())) {
            throw new BackupException("its manifest names another backup, '" + manifest.name() + "'");
        }
        return manifest;
    }

    /** The directory of a listed backup. */
    public Optional<Path> path(String name) {
        return find(name).map(m -> dir.resolve(m.name()));
    }

    /** Deletes a backup; false when there is none of that name. It leaves the listing at once (a rename). */
    public boolean delete(String name) {
        if (find(name).isEmpty()) {
            return false;
        }
        Path trash = dir.resolve(TRASH_PREFIX + name + "-" + UUID.randomUUID());
        try {
            Files.move(dir.resolve(name), trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("backup " + name + " cannot be deleted", e);
        }
        deleteTree(trash);
        log.info("backup {} deleted", name);
        return true;
    }

    /**
     * Deletes all but the newest {@code keep} backups, never {@code justTaken} (with a clock set back, the backup
     * just taken would sort oldest); returns the names deleted.
     */
    public List<String> prune(int keep, String justTaken) {
        List<BackupManifest> all = new ArrayList<>(list());
        int others = all.removeIf(m -> m.name().equals(justTaken)) ? keep - 1 : keep;
        List<String> deleted = new ArrayList<>();
        for (BackupManifest old : all.subList(Math.min(Math.max(0, others), all.size()), all.size())) {
            if (delete(old.name())) {
                deleted.add(old.name());
            }
        }
        return deleted;
    }

    /** Streams backup {@code name} as a zip archive into {@code out} (not closed). */
    public void archive(String name, OutputStream out) throws IOException {
        Path backup = path(name).orElseThrow(() -> new NoSuchFileException(name));
        BackupArchive.write(backup, out);
    }

    /** Temporary, trashed and staging entries of backups and restores that never finished (a process died); the lock is held. */
    private void removeLeftovers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX) || name.startsWith(TRASH_PREFIX) || name.startsWith(STAGING_PREFIX)) {
                    log.info("backups: removing unfinished {}", name);
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            log.warn("backups: leftovers in {} not removed: {}", dir, e.getMessage());
        }
    }

    static void deleteTree(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException e) {
            log.warn("backups: {} not fully deleted: {}", root, e.getMessage());
        }
    }
}
