package fichas.instance.imagens;

import fichas.observability.files.Fsync;
import fichas.observability.files.OwnerOnly;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image bytes in {@code <data dir>/media/}, one file per distinct content, named by its sha256.
 * Blocking file I/O: call from worker threads, never from an IO thread, and never inside a
 * database transaction. Thread-safe, and safe across processes sharing the directory.
 *
 * <p>An upload is {@link #receive received} into a temp file, {@link #publish published} as a hard link
 * under its hash <em>before</em> its row is inserted (so no row ever lacks its file), then {@link #confirm
 * confirmed} after the insert. The temp file is fsync'd only when its bytes are new: when a file of the same
 * hash is already stored (it was made durable by the upload that published it), the temp is dropped unsynced,
 * which spares a second upload of the same image the disk flush that is most of an upload's cost. A file is
 * removed only when no row references its hash ({@link #release}); release hides the file first and checks
 * the rows after, while an upload inserts first and checks the file after, so whichever runs second sees the
 * other and a row never loses its file to a concurrent delete.
 */
public final class MediaFiles {
    private static final Logger log = LoggerFactory.getLogger(MediaFiles.class);
    static final String TEMP_PREFIX = ".tmp-";
    static final String TRASH_PREFIX = ".trash-";

    private final Path dir;
    private final Predicate<String> referenced;
    private final FileSync fileSync;

    /** Makes a file's bytes durable (fsync); a seam so that tests can see which files were flushed. */
    @FunctionalInterface
    interface FileSync {
        void sync(Path file) throws IOException;
    }

    /** {@code referenced} answers whether any row still points at a hash (a database read). */
    public MediaFiles(Path dir, Predicate<String> referenced) {
        this(dir, referenced, Fsync::file);
    }

    MediaFiles(Path dir, Predicate<String> referenced, FileSync fileSync) {
        this.dir = dir;
        this.referenced = referenced;
        this.fileSync = fileSync;
        try {
            OwnerOnly.directories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("media directory " + dir + " cannot be created", e);
        }
    }

    /** A received upload: its temp file, size, sha256 and first bytes (for the magic-byte check). */
    public record Received(Path temp, long size, String sha256, byte[] head) {
    }

    /** Writes an upload's bytes to the stream it is given. */
    @FunctionalInterface
    public interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Copies {@code in} to a new temp file (not yet fsync'd); 413 when it is longer than {@code maxBytes}. */
    public Received receive(InputStream in, long maxBytes) throws IOException {
        return receive(in::transferTo, maxBytes);
    }

    /** Writes {@code source} to a new temp file (not yet fsync'd); 413 as soon as it passes {@code maxBytes}. */
    public Received receive(Source source, long maxBytes) throws IOException {
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        MessageDigest sha = sha256();
        try (FileChannel channel = FileChannel.open(temp,
                java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.fileAttributes())) {
            OwnerOnly.restrict(temp);
            CappedOutputStream out = new CappedOutputStream(
                    new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024), sha),
                    maxBytes);
            source.writeTo(out);
            out.flush();
            return new Received(temp, out.count(), HexFormat.of().formatHex(sha.digest()), out.head());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Makes the received bytes visible under their hash: fsync'd, then linked. An existing file of that hash has the
     * same bytes and is already durable, so nothing is flushed for it; should a release remove it before the row is
     * in, {@link #confirm} publishes again, flushing then.
     */
    public void publish(Received received) throws IOException {
        Path target = pathOf(received.sha256());
        if (Files.exists(target)) {
            return;
        }
        fileSync.sync(received.temp());
        try {
            Files.createLink(target, received.temp());
        } catch (FileAlreadyExistsException e) {
            return; // same hash, same bytes: nothing to do
        } catch (UnsupportedOperationException | FileSystemException e) {
            copyInto(received.temp(), target);
        }
        Fsync.directory(dir);
    }

    /** Where hard links are not supported: a copy, moved into place atomically. */
    private void copyInto(Path temp, Path target) throws IOException {
        Path copy = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.copy(temp, copy);
            OwnerOnly.restrict(copy);
            fileSync.sync(copy);
            Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * A file hidden by a release that never finished (the process died between hiding and
     * checking): put back when a row still references it, else deleted. Used by the sweeper.
     */
    void settleHidden(Path hidden) {
        String name = hidden.getFileName().toString();
        String sha256 = name.substring(TRASH_PREFIX.length(), Math.min(name.length(), TRASH_PREFIX.length() + 64));
        try {
            if (sha256.matches("[0-9a-f]{64}") && referenced.test(sha256)) {
                log.warn("media {} was hidden by an unfinished release but is referenced: restoring it", sha256);
                restore(hidden, pathOf(sha256));
            } else {
                deleteQuietly(hidden);
            }
        } catch (RuntimeException e) {
            log.warn("media {} cannot be settled: {}", hidden, e.getMessage());
        }
    }

    /** After the row is in: re-creates the file if a concurrent release removed it, then drops the temp. */
    public void confirm(Received received) throws IOException {
        if (!Files.exists(pathOf(received.sha256()))) {
            log.info("media {} was released concurrently, publishing it again", received.sha256());
            publish(received);
        }
        Files.deleteIfExists(received.temp());
    }

    /** The upload failed before or at its insert: drop the temp and the published file if nothing uses it. */
    public void abandon(Received received) {
        try {
            Files.deleteIfExists(received.temp());
        } catch (IOException e) {
            log.warn("media temp {} cannot be deleted: {}", received.temp(), e.getMessage());
        }
        release(received.sha256());
    }

    public Path pathOf(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        return dir.resolve(sha256);
    }

    /** Removes the file of {@code sha256} unless a row still references it. Never throws. */
    public void release(String sha256) {
        Path file = pathOf(sha256);
        Path hidden = dir.resolve(TRASH_PREFIX + sha256 + "-" + UUID.randomUUID());
        try {
            Files.move(file, hidden);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            log.warn("media {} cannot be released: {}", sha256, e.getMessage());
            return;
        }
        try {
            if (referenced.test(sha256)) {
                restore(hidden, file);
            } else {
                Files.delete(hidden);
                log.debug("media {} deleted: no row references it", sha256);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("media {} release failed, keeping it: {}", sha256, e.getMessage());
            restore(hidden, file);
        }
    }

    public void releaseAll(Collection<String> sha256s) {
        sha256s.stream().distinct().forEach(this::release);
    }

    Path dir() {
        return dir;
    }

    private static void restore(Path hidden, Path file) {
        try {
            Files.move(hidden, file);
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(hidden);
        } catch (IOException e) {
            log.error("media {} could not be restored from {}: {}", file.getFileName(), hidden, e.getMessage());
        }
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("media {} cannot be deleted: {}", path, e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
