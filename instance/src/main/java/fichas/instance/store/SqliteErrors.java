package fichas.instance.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Classifies database failures: SQLite's by their primary result code, PostgreSQL's by SQLState
 * (the same four questions have an answer on both storages, so callers need not know which).
 */
public final class SqliteErrors {
    private SqliteErrors() {
    }

    /** Another connection holds the lock (SQLITE_BUSY or SQLITE_LOCKED and their extended codes). */
    public static boolean isBusy(Throwable error) {
        String state = sqlState(error);
        if (state != null) {
            // serialization failure, deadlock, lock not available (lock_timeout): the writer retries the group
            return state.equals("40001") || state.equals("40P01") || state.equals("55P03");
        }
        int code = primaryCode(error);
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    /** A UNIQUE, FOREIGN KEY, CHECK or NOT NULL constraint failed. */
    public static boolean isConstraint(Throwable error) {
        String state = sqlState(error);
        if (state != null) {
            return state.startsWith("23");
        }
        return primaryCode(error) == SQLiteErrorCode.SQLITE_CONSTRAINT.code;
    }

    public static boolean isUniqueViolation(Throwable error) {
        String state = sqlState(error);
        if (state != null) {
            return state.equals("23505");
        }
        return error instanceof SQLiteException e
                && e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
    }

    /**
     * The database itself is failing, not the request: I/O error, disk full, file cannot be opened,
     * corrupt or not a database, read-only file, out of memory, or no permission. These open the
     * circuit breaker; busy, constraint and interrupt errors do not.
     */
    public static boolean isPersistentFailure(Throwable error) {
        String state = sqlState(error);
        if (state != null) {
            // PostgreSQL: connection lost or refused (08), out of disk/memory/connections (53), server
            // shutting down or starting (57P0x), system or data-corruption errors (58, XX001/XX002),
            // a read-only server (25006: e.g. a standby after a fail-over)
            return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                    || state.startsWith("58") || state.equals("XX001") || state.equals("XX002")
                    || state.equals("25006");
        }
        int code = primaryCode(error);
        return code == SQLiteErrorCode.SQLITE_IOERR.code || code == SQLiteErrorCode.SQLITE_FULL.code
                || code == SQLiteErrorCode.SQLITE_CANTOPEN.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code
                || code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_READONLY.code
                || code == SQLiteErrorCode.SQLITE_NOMEM.code || code == SQLiteErrorCode.SQLITE_PERM.code;
    }

    /** The SQLState of a PostgreSQL failure in {@code error}'s causes, or null (SQLite's, or none). */
    private static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException) {
                return null;
            }
            if (t instanceof org.postgresql.util.PSQLException e && e.getSQLState() != null) {
                return e.getSQLState();
            }
        }
        return null;
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
