package fichas.instance.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Classifies SQLite failures by their primary result code. */
public final class SqliteErrors {
    private SqliteErrors() {
    }

    /** Another connection holds the lock (SQLITE_BUSY or SQLITE_LOCKED and their extended codes). */
    public static boolean isBusy(Throwable error) {
        int code = primaryCode(error);
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    /** A UNIQUE, FOREIGN KEY, CHECK or NOT NULL constraint failed. */
    public static boolean isConstraint(Throwable error) {
        return primaryCode(error) == SQLiteErrorCode.SQLITE_CONSTRAINT.code;
    }

    public static boolean isUniqueViolation(Throwable error) {
        return error instanceof SQLiteException e
                && e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
    }

    /**
     * The database itself is failing, not the request: I/O error, disk full, file cannot be opened,
     * corrupt or not a database, read-only file, out of memory, or no permission. These open the
     * circuit breaker; busy, constraint and interrupt errors do not.
     */
    public static boolean isPersistentFailure(Throwable error) {
        int code = primaryCode(error);
        return code == SQLiteErrorCode.SQLITE_IOERR.code || code == SQLiteErrorCode.SQLITE_FULL.code
                || code == SQLiteErrorCode.SQLITE_CANTOPEN.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code
                || code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_READONLY.code
                || code == SQLiteErrorCode.SQLITE_NOMEM.code || code == SQLiteErrorCode.SQLITE_PERM.code;
    }

    private static int primaryCode(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e) {
                return e.getResultCode().code & 0xff;
            }
            if (t instanceof SQLException e && e.getErrorCode() != 0) {
                return e.getErrorCode() & 0xff;
            }
        }
        return -1;
    }
}
