package fichas.instance.backup;

import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;

/**
 * One backup at a time per data directory, whichever process takes it: an OS file lock on
 * {@code backups/.lock}. The OS drops it when the holder dies, so a crashed backup never blocks the
 * next one (a lease row would need an expiry). Two servers in one JVM (tests) meet as an
 * {@link OverlappingFileLockException}, which means "held" just the same.
 */
final class BackupLock {
    private final Path file;

    BackupLock(Path backupsDir) {
        this.file = backupsDir.resolve(".lock");
    }

    /** The lock, or {@link BackupBusyException} at once when another backup holds it. */
    Held acquire() {
        Held held = tryAcquire();
        if (held == null) {
            throw new BackupBusyException("a backup is already running");
        }
        return held;
    }

    /** Waits up to {@code patience} for the lock (the scheduled backup waits for a manual one to end). */
    Held acquire(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Held held = tryAcquire();
            if (held != null) {
                return held;
            }
            if (System.nanoTime() > deadline) {
                throw new BackupBusyException("a backup has been running for over " + patience.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    private Held tryAcquire() {
        FileChannel channel = null;
        try {
            OwnerOnly.directories(file.getParent());
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), OwnerOnly.fileAttributes());
            OwnerOnly.restrict(file);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            return new Held(channel);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BackupException("backup lock " + file + " cannot be taken: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    /** The held lock; closing releases it. */
    static final class Held implements AutoCloseable {
        private final FileChannel channel;

        private Held(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            closeQuietly(channel);
        }
    }
}
