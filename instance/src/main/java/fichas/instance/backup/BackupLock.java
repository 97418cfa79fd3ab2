package fichas.instance.backup;

import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * One backup or restore at a time per data directory, whichever process takes it: an OS file lock on
 * {@code backups/.lock}. The OS drops it when the holder dies, so a crashed backup never blocks the
 * next one (a lease row would need an expiry).
 *
 * <p>Within one JVM the lock is also kept in {@link #HELD}, checked before any channel is opened: on Linux the
 * JDK's file locks are POSIX record locks, which the OS drops when the process closes <em>any</em> descriptor of
 * the file, so a second attempt in the process that holds the lock (another {@code POST /backups}, the scheduler
 * polling) must not open and close a channel of its own, or the lock would silently pass to another process while
 * this one still writes its backup.
 */
final class BackupLock {
    /** The lock files this JVM holds (absolute, normalised). */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path file;

    BackupLock(Path backupsDir) {
        this.file = backupsDir.toAbsolutePath().normalize().resolve(".lock");
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
        Path key;
        try {
            // The real path, so that two names of one directory (a symbolic link) are one lock here too.
            key = OwnerOnly.directories(file.getParent()).toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            throw new BackupException("backup lock " + file + " cannot be taken: " + e.getMessage(), e);
        }
        synchronized (HELD) {
            if (HELD.contains(key)) {
                return null;
            }
            Held held = tryLock(key);
            if (held != null) {
                HELD.add(key);
            }
            return held;
        }
    }

    /** Only called while this JVM holds no lock on the file, so closing a channel here releases nothing. */
    private Held tryLock(Path key) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), OwnerOnly.fileAttributes());
            OwnerOnly.restrict(file);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            return new Held(key, channel);
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
        private final Path file;
        private final FileChannel channel;
        private boolean closed;

        private Held(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public void close() {
            synchronized (HELD) {
                if (!closed) {
                    closed = true;
                    closeQuietly(channel);
                    HELD.remove(file);
                }
            }
        }
    }
}
