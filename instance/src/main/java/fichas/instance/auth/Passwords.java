package fichas.instance.auth;

/**
 * Every password check and hash of the instance, run in the bounded {@link HashingPool} with the
 * configured {@link PasswordHasher}. Blocking; may throw {@code 503 unavailable} with
 * {@code Retry-After} when the pool's queue is too long. Thread-safe.
 */
public final class Passwords implements AutoCloseable {
    private final PasswordHasher hasher;
    private final HashingPool pool;

    public Passwords(PasswordHasher hasher, HashingPool pool) {
        this.hasher = hasher;
        this.pool = pool;
    }

    /** The outcome of a check; {@code rehashed} is the password's new hash when the stored one was weaker, else null. */
    public record Verified(boolean matches, String rehashed) {
    }

    /** Checks {@code password}, and on a match re-hashes it in the same turn when {@code stored} is weaker than configured. */
    public Verified verify(String password, String stored) {
        return pool.run(() -> {
            boolean matches = hasher.matches(password, stored);
            return new Verified(matches, matches && hasher.needsRehash(stored) ? hasher.hash(password) : null);
        });
    }

    public boolean matches(String password, String stored) {
        return pool.run(() -> hasher.matches(password, stored));
    }

    /** What the hasher keeps between hashes, given back (the idle trim calls it). */
    public void releaseKeptMemory() {
        hasher.releaseKeptMemory();
    }

    public String hash(String password) {
        return pool.run(() -> hasher.hash(password));
    }

    /** The same work as a check, for unknown usernames. */
    public void burn(String password) {
        pool.run(() -> {
            hasher.burn(password);
            return null;
        });
    }

    public String describe() {
        return hasher.describe();
    }

    public HashingPool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
