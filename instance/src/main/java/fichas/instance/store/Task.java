package fichas.instance.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One caller's write waiting in the group-commit queue. Its outcome is recorded by
 * {@link #attempt} (possibly several times, when the group is retried) and published only by
 * {@link #complete} after the group's COMMIT, or by {@link #fail} when the group failed.
 */
final class Task<T> {
    final SqlWork<T> work;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;
    private Throwable pendingFailure;

    Task(SqlWork<T> work) {
        this.work = work;
    }

    void attempt(Connection connection) throws SQLException {
        pendingFailure = null;
        result = work.run(connection);
    }

    void failLater(Throwable failure) {
        pendingFailure = failure;
    }

    void complete() {
        if (pendingFailure != null) {
            future.completeExceptionally(pendingFailure);
        } else {
            future.complete(result);
        }
    }

    void fail(Throwable failure) {
        future.completeExceptionally(failure);
    }

    T await() {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the database writer", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof SQLException sql) {
                throw new StoreException(sql);
            }
            throw new StoreUnavailableException("database write failed", cause);
        }
    }
}
