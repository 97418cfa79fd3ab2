package fichas.instance.store;

import java.sql.SQLException;

/** An SQL failure that is not the caller's fault and not transient; answered as 500 unless classified. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public SQLException sqlCause() {
        return (SQLException) getCause();
    }
}
