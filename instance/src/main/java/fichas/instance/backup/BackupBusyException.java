package fichas.instance.backup;

/** Another backup (of this process or another one on the same data directory) is running. */
public final class BackupBusyException extends RuntimeException {
    BackupBusyException(String message) {
        super(message, null, false, false);
    }
}
