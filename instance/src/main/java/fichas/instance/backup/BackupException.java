package fichas.instance.backup;

/** A backup or a restore could not be made, or a backup is not fit to restore; the message says why. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
