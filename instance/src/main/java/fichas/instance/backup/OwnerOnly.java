package fichas.instance.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Owner-only permissions for what a backup writes: directories 0700, files 0600. A backup holds
 * every pedido and every password hash, so nobody but the account that runs Fichas may read it.
 * A no-op where the file system has no POSIX permissions (Windows: the data directory's ACL applies).
 */
final class OwnerOnly {
    private OwnerOnly() {
    }

    static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        set(dir, "rwx------");
        return dir;
    }

    static Path file(Path file) throws IOException {
        set(file, "rw-------");
        return file;
    }

    private static void set(Path path, String permissions) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
