package fichas.observability.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Making what was written survive a power cut: a file's bytes, a directory's entries. */
public final class Fsync {
    private Fsync() {
    }

    /** Flushes {@code file}'s bytes to the disk (any descriptor of the file will do: the flush is per file). */
    public static void file(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Makes a directory's new, renamed or linked entries durable. Best effort: a no-op where directories cannot be
     * opened (Windows, whose file system orders its metadata itself).
     */
    public static void directory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, as documented
        }
    }
}
