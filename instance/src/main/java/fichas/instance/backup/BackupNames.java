package fichas.instance.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Backup names: what {@code /backups/{name}} accepts and what new backups are called. A name is a
 * single path segment of letters, digits, {@code .}, {@code _} and {@code -}, not starting with a dot
 * (temporary and hidden entries do), so it can never leave the backups directory.
 */
public final class BackupNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private BackupNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.contains("..");
    }

    /** {@code backup-20261206T021500Z}, or with the given prefix ({@code pre-restore}). */
    static String stamped(String prefix, Instant at) {
        return prefix + "-" + STAMP.format(at);
    }
}
