package fichas.instance.backup;

import fichas.observability.files.OwnerOnly;
import fichas.instance.config.StoreConfig;
import fichas.instance.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A backup checked for a restore, without touching the live data: read from a backup directory or
 * extracted from an archive into {@code staging}, its manifest read, the database's and every image's
 * sha256 compared, the database copied into {@code staging}, checked with {@code PRAGMA integrity_check}
 * and migrated to this build's schema there. Any failure is a {@link BackupException} whose message
 * says what is wrong ("damaged backup: …", "not a Fichas backup: …").
 */
record VerifiedBackup(BackupManifest manifest, Path source, Path migratedDatabase, int schemaBefore, int schemaAfter) {

    static VerifiedBackup check(Path source, Path staging, PrintStream progress) throws IOException, SQLException {
        Path dir = source;
        if (Files.isRegularFile(source)) {
            progress.println("Reading archive " + source + " ...");
            dir = staging.resolve("extracted");
            BackupArchive.extract(source, dir);
        }
        BackupManifest manifest = BackupManifest.read(dir);
        progress.println("Backup " + manifest.name() + " of " + manifest.createdAt() + " (" + manifest.trigger()
                + ", Fichas " + manifest.appVersion() + "): checking checksums ...");
        Path database = dir.resolve(BackupManifest.DATABASE);
        if (!Files.isRegularFile(database) || !FileHashes.sha256(database).equals(manifest.databaseSha256())) {
            throw new BackupException("damaged backup: " + BackupManifest.DATABASE + " does not match the sha256 in "
                    + "its manifest (changed or truncated)");
        }
        int images = checkImages(dir.resolve(BackupManifest.MEDIA));
        if (images != manifest.mediaFiles()) {
            throw new BackupException("damaged backup: " + images + " image files, but the manifest lists "
                    + manifest.mediaFiles());
        }
        int current = Database.currentSchemaVersion();
        if (manifest.schemaVersion() > current) {
            throw new BackupException("backup " + manifest.name() + " has schema version " + manifest.schemaVersion()
                    + ", newer than this Fichas (" + current + "): restore it with the Fichas version "
                    + manifest.appVersion() + " or later");
        }
        progress.println("Checking the database (PRAGMA integrity_check) and migrating a copy to schema " + current
                + " ...");
        Path work = OwnerOnly.directories(staging.resolve("db"));
        Path copy = work.resolve(BackupManifest.DATABASE);
        Files.copy(database, copy);
        OwnerOnly.restrict(copy);
        SnapshotCopier plain = new SnapshotCopier(SnapshotCopier.Method.BACKUP_API, Duration.ofSeconds(10));
        requireIntact(plain, copy, "the backup's database");
        try (Database migrated = Database.open(new StoreConfig(work, 1, Duration.ofSeconds(10), 2048, 0, 1 << 26,
                Duration.ofHours(1), Duration.ofSeconds(10), 16))) {
            migrated.isReadable();
        } catch (RuntimeException e) {
            throw new BackupException("backup " + manifest.name() + " cannot be migrated to schema " + current + ": "
                    + e.getMessage(), e);
        }
        DatabaseFacts after = requireIntact(plain, copy, "the migrated database");
        for (String sha : after.referencedMedia()) {
            if (!FileHashes.MEDIA_NAME.matcher(sha).matches()) {
                // an image row names its file by sha256; anything else would be resolved as a path by later backups
                throw new BackupException("damaged backup: an image row names its file '" + sha + "', not a sha256");
            }
            if (!Files.exists(dir.resolve(BackupManifest.MEDIA).resolve(sha))) {
                progress.println("warning: image " + sha + " is referenced but not in the backup (it was already "
                        + "missing when the backup was taken)");
            }
        }
        return new VerifiedBackup(manifest, dir, copy, manifest.schemaVersion(), after.schemaVersion());
    }

    static DatabaseFacts requireIntact(SnapshotCopier plain, Path database, String what) throws SQLException {
        DatabaseFacts facts;
        try (Connection connection = plain.open(database, true)) {
            facts = DatabaseFacts.of(connection);
        } catch (SQLException e) {
            throw new BackupException("damaged backup: " + what + " cannot be read: " + e.getMessage(), e);
        }
        if (!facts.ok()) {
            throw new BackupException("damaged backup: " + what + " fails PRAGMA integrity_check: " + facts.integrity());
        }
        return facts;
    }

    /** Every file of {@code media} named by the sha256 of its bytes; returns how many. */
    private static int checkImages(Path media) throws IOException {
        if (!Files.isDirectory(media)) {
            return 0;
        }
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(media)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!FileHashes.MEDIA_NAME.matcher(name).matches() || !FileHashes.sha256(file).equals(name)) {
                    throw new BackupException("damaged backup: image " + name + " does not match its checksum");
                }
                count++;
            }
        }
        return count;
    }

    Path mediaDir() {
        return source.resolve(BackupManifest.MEDIA);
    }
}
