package fichas.instance.backup;

import fichas.observability.files.Fsync;
import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code FICHAS_BACKUP_COPY_DIR}: a second place (a mounted share, a USB disk) that receives each new
 * backup as {@code <name>.zip}, written under a hidden name and renamed when complete, and keeps the
 * same number of archives as the backups directory. Any failure is an {@link IOException} for the
 * caller to turn into an alert.
 */
final class CopyDir {
    private final Path dir;

    CopyDir(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path copy(Backups backups, String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("copy directory " + dir + " does not exist or is not a directory");
        }
        Path temp = dir.resolve("." + name + ".zip.tmp");
        Path target = dir.resolve(name + ".zip");
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                OwnerOnly.restrict(temp);
                backups.archive(name, out);
            }
            Fsync.file(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes the oldest {@code backup-*.zip} archives beyond {@code keep} (names sort by time). */
    void prune(int keep) throws IOException {
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "backup-*.zip")) {
            entries.forEach(archives::add);
        }
        archives.sort(null);
        for (int i = 0; i < archives.size() - keep; i++) {
            Files.deleteIfExists(archives.get(i));
        }
    }
}
