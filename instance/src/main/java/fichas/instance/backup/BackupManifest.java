package fichas.instance.backup;

import fichas.observability.files.Fsync;
import fichas.observability.files.OwnerOnly;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import fichas.instance.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code manifest.json} of one backup, written last: what the copy holds and how to check it.
 * Serialised in snake_case; unknown fields are ignored on reading (a newer Fichas may add some).
 *
 * @param format         always {@value #FORMAT}: anything else is not a Fichas backup
 * @param createdEpochMs the same moment in milliseconds: orders backups taken within one second
 * @param trigger        {@code manual}, {@code scheduled} or {@code pre-restore}
 * @param schemaVersion  the copy's {@code schema_version} (a restore migrates it to the current one)
 * @param databaseSha256 sha256 of {@value #DATABASE} as written
 * @param rowCounts      rows per table of the copy
 * @param mediaFiles     image files under {@code media/}, each named by the sha256 of its bytes
 */
public record BackupManifest(String format, int formatVersion, String name, String createdAt, long createdEpochMs,
                             String trigger,
                             String appVersion, int schemaVersion, String sqliteVersion, String method,
                             String integrity, long databaseBytes, String databaseSha256, Map<String, Long> rowCounts,
                             int mediaFiles, long mediaBytes) {
    public static final String FORMAT = "fichas-backup";
    public static final String FILE = "manifest.json";
    public static final String DATABASE = "fichas.db";
    public static final String MEDIA = "media";
    private static final ObjectReader READER = Json.MAPPER.readerFor(BackupManifest.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public BackupManifest {
        rowCounts = Map.copyOf(rowCounts);
    }

    public Instant created() {
        return Instant.parse(createdAt);
    }

    /** Bytes of the whole backup: database plus images. */
    public long bytes() {
        return databaseBytes + mediaBytes;
    }

    /** Reads and checks the manifest of backup directory {@code dir}; {@link BackupException} when it is not one. */
    public static BackupManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        BackupManifest manifest;
        try {
            manifest = READER.readValue(file.toFile());
        } catch (IOException e) {
            throw new BackupException("not a Fichas backup: " + file + " is missing or unreadable ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (manifest == null || !FORMAT.equals(manifest.format())) {
            throw new BackupException("not a Fichas backup: " + file + " is not a '" + FORMAT + "' manifest");
        }
        if (manifest.databaseSha256() == null || manifest.createdAt() == null || manifest.rowCounts() == null) {
            throw new BackupException("damaged backup: " + file + " lacks required fields");
        }
        return manifest;
    }

    void write(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        OwnerOnly.restrict(file);
        Fsync.file(file); // a backup without its manifest is not listed: it must not be lost with the power
    }
}
