package fichas.instance.backup;

import fichas.observability.files.Fsync;
import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one complete backup into an empty directory: the database snapshot, the images it references,
 * then the manifest (last, so a directory without one is unfinished). The caller holds the backup lock
 * and renames the directory into the listing only after this returns.
 *
 * <p>Images are linked twice: every file present before the snapshot starts, then any file the
 * snapshot references that appeared meanwhile. A referenced image exists at the snapshot's moment
 * (a file is published before its row and released only after its row is gone), so between the two
 * passes each one is caught; files linked in the first pass that the snapshot does not reference are
 * dropped again.
 */
final class BackupWriter {
    private static final Logger log = LoggerFactory.getLogger(BackupWriter.class);

    private final SnapshotCopier copier;
    private final String appVersion;

    BackupWriter(SnapshotCopier copier, String appVersion) {
        this.copier = copier;
        this.appVersion = appVersion;
    }

    BackupManifest write(Path dataDir, Path target, String name, String trigger, Instant createdAt)
            throws IOException, SQLException {
        OwnerOnly.directories(target);
        Path media = OwnerOnly.directories(target.resolve(BackupManifest.MEDIA));
        Path liveMedia = dataDir.resolve("media");
        Set<String> early = MediaLinks.linkAll(liveMedia, media);
        Path database = target.resolve(BackupManifest.DATABASE);
        copier.copy(dataDir.resolve(BackupManifest.DATABASE), database);
        OwnerOnly.restrict(database);
        Fsync.file(database);
        DatabaseFacts facts;
        try (Connection connection = copier.open(database, true)) {
            facts = DatabaseFacts.of(connection);
        }
        if (!facts.ok()) {
            throw new BackupException("the copy failed PRAGMA integrity_check: " + facts.integrity());
        }
        long mediaBytes = 0;
        int mediaFiles = 0;
        Set<String> missing = new HashSet<>();
        for (String sha : facts.referencedMedia()) {
            if (!FileHashes.MEDIA_NAME.matcher(sha).matches()) { // never a path: a row edited by hand, or a foreign file
                missing.add(sha);
                continue;
            }
            Path linked = media.resolve(sha);
            if (!early.contains(sha) && !MediaLinks.link(liveMedia.resolve(sha), linked)) {
                missing.add(sha);
                continue;
            }
            mediaBytes += Files.size(linked);
            mediaFiles++;
        }
        early.removeAll(facts.referencedMedia());
        for (String unreferenced : early) {
            Files.deleteIfExists(media.resolve(unreferenced));
        }
        if (!missing.isEmpty()) {
            log.warn("backup {}: {} image(s) referenced by the database are missing from {} (first: {})", name,
                    missing.size(), liveMedia, missing.iterator().next());
        }
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, 1, name,
                fichas.instance.http.Timestamps.format(createdAt), createdAt.toEpochMilli(), trigger, appVersion, facts.schemaVersion(),
                facts.sqliteVersion(), copier.method().name().toLowerCase(java.util.Locale.ROOT), "ok",
                Files.size(database), FileHashes.sha256(database), facts.rowCounts(), mediaFiles, mediaBytes);
        manifest.write(target);
        Fsync.directory(media);
        Fsync.directory(target);
        return manifest;
    }
}
