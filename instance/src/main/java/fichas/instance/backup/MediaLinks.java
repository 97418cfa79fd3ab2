package fichas.instance.backup;

import fichas.observability.files.Fsync;
import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts image files into a backup (or back into a data directory) without copying bytes when it can:
 * images never change once written (their name is the sha256 of their bytes), so a hard link is as
 * good as a copy and costs nothing. Where links are impossible (another file system, FAT), a copy.
 */
final class MediaLinks {
    private MediaLinks() {
    }

    /**
     * Links every media file of {@code from} into {@code to}, then makes {@code to}'s entries durable; returns the
     * names linked. The files' bytes must already be durable (a live data directory's are; an extracted archive's are
     * flushed by {@link BackupArchive#extract}).
     */
    static Set<String> linkAll(Path from, Path to) throws IOException {
        Set<String> linked = new HashSet<>();
        if (!Files.isDirectory(from)) {
            return linked;
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (FileHashes.MEDIA_NAME.matcher(name).matches() && link(file, to.resolve(name))) {
                    linked.add(name);
                }
            }
        }
        Fsync.directory(to);
        return linked;
    }

    /** Links (or copies) {@code source} to {@code target}; false when the source is gone. */
    static boolean link(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
            return true;
        } catch (FileAlreadyExistsException e) {
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (!Files.exists(source)) {
                return false;
            }
            Path temp = target.resolveSibling(".copy-" + target.getFileName());
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            OwnerOnly.restrict(temp);
            Fsync.file(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
    }
}
