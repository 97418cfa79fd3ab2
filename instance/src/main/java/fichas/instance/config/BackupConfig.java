package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Scheduled backups (API.md "Backups (admin)").
 *
 * @param interval how often one process of the system takes a backup; {@link Duration#ZERO}: never
 * @param keep     how many backups are kept; older ones are deleted after each new one
 * @param copyDir  when present, every new backup's archive is also copied there (a network share, a USB disk)
 */
public record BackupConfig(Duration interval, int keep, Optional<Path> copyDir) {
    private static final int MAX_INTERVAL_MINUTES = 7 * 24 * 60;

    public BackupConfig {
        Checks.between("FICHAS_BACKUP_INTERVAL_MINUTES", (int) Math.min(Integer.MAX_VALUE, interval.toMinutes()),
                0, MAX_INTERVAL_MINUTES);
        Checks.between("FICHAS_BACKUP_KEEP", keep, 1, 10_000);
        copyDir = copyDir.map(dir -> dir.toAbsolutePath().normalize());
    }

    public boolean scheduled() {
        return !interval.isZero();
    }

    public static BackupConfig from(Settings settings) {
        return new BackupConfig(Duration.ofMinutes(settings.longValue("fichas.backup.interval.minutes")),
                settings.integer("fichas.backup.keep"),
                settings.optionalString("fichas.backup.copy.dir").map(Path::of));
    }
}
