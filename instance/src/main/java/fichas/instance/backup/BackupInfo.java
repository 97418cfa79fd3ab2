package fichas.instance.backup;

import java.util.Map;

/**
 * One backup as the API shows it ({@code POST /backups}, {@code GET /backups}). The first five fields are
 * API.md's; the others help choose one to restore.
 */
public record BackupInfo(String name, long bytes, String createdAt, String integrity, int mediaFiles, String trigger,
                         int schemaVersion, Map<String, Long> rowCounts) {
    static BackupInfo of(BackupManifest manifest) {
        return new BackupInfo(manifest.name(), manifest.bytes(), manifest.createdAt(), manifest.integrity(),
                manifest.mediaFiles(), manifest.trigger(), manifest.schemaVersion(), manifest.rowCounts());
    }
}
