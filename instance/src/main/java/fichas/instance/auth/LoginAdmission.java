package fichas.instance.auth;

/**
 * The arithmetic of {@link HashingPool}'s admission, apart from its threads so that it can be tested with a fake
 * clock: which hashes are let in, which queued hash is too late to be worth running, and when a refused login
 * should come back.
 *
 * <p>It keeps two measurements, as moving averages of the last hashes (weight 1/4 for the newest): the wall time
 * of one hash ({@code hashNanos}) and the wall time a pool thread is taken by one hash ({@code cycleNanos}: the
 * hash plus the rest a fractional share of a core imposes). Both are wall time on the real machine, so a hash
 * slowed down by a CPU-starved machine raises them at once. A new login is expected to be answered after
 * {@code (waiting + running) × cycle ÷ threads + hash}; when that is longer than {@code maxWait}, or
 * {@code maxQueue} logins are waiting already, it is refused. A hash that would run late — a queued login that
 * has already waited {@code maxWait} when a thread picks it up — is refused then rather than run, so an
 * admitted login's time stays bounded by {@code maxWait} plus one hash even when the estimate was wrong.
 *
 * <p>Each refusal books the next free slot after the queue ({@code cycle ÷ threads} apart) and its
 * {@code Retry-After} says when that slot comes, so a thousand refused clients come back spread over the time
 * the pool needs for them instead of in the same second. Times are {@link System#nanoTime()}-style longs.
 * Thread-safe (every method is synchronized; a few calls per login).
 */
final class LoginAdmission {
    /** Weight of the newest measurement in the moving averages, as a shift: 1/4. */
    private static final int EWMA_SHIFT = 2;

    private final int threads;
    private final long maxWaitNanos;
    private final int maxQueue;
    private long hashNanos;
    private long cycleNanos;
    private int waiting;
    private int running;
    private long nextSlot;
    private boolean slotBooked;

    /**
     * @param threads      threads of the pool
     * @param maxWaitNanos longest expected time from arrival to answer that is admitted
     * @param maxQueue     most logins waiting at once
     * @param hashNanos    first guess of one hash's wall time, replaced by measurements
     * @param cycleNanos   first guess of one hash's cycle (hash + rest)
     */
    LoginAdmission(int threads, long maxWaitNanos, int maxQueue, long hashNanos, long cycleNanos) {
        this.threads = threads;
        this.maxWaitNanos = maxWaitNanos;
        this.maxQueue = maxQueue;
        this.hashNanos = hashNanos;
        this.cycleNanos = Math.max(hashNanos, cycleNanos);
    }

    /** The answer to one arrival: admitted, or refused with the seconds after which to come back. */
    record Decision(boolean admitted, long retryAfterSeconds, long expectedNanos) {
    }

    /** An arrival at {@code now}: admitted (counted as waiting) or refused with a booked Retry-After. */
    synchronized Decision arrive(long now) {
        long expected = expectedNanos();
        if (waiting >= maxQueue || expected > maxWaitNanos) {
            return new Decision(false, book(now, expected), expected);
        }
        waiting++;
        return new Decision(true, 0, expected);
    }

    /**
     * A pool thread picks up a login that arrived at {@code arrivedAt}. Returns 0 when it should run (it now
     * counts as running), else the Retry-After seconds of a refusal: it waited {@code maxWait} already, so
     * running it now would answer it later than promised.
     */
    synchronized long start(long arrivedAt, long now) {
        waiting--;
        if (now - arrivedAt > maxWaitNanos) {
            return book(now, expectedNanos());
        }
        running++;
        return 0;
    }

    /** A login that was admitted is given up before a thread picked it up (its caller stopped waiting). */
    synchronized void abandon() {
        waiting--;
    }

    /** A hash finished: it took {@code hashNanos} of wall time, and its thread was taken {@code cycleNanos} in all. */
    synchronized void finish(long hashTook, long cycleTook) {
        running--;
        hashNanos += (hashTook - hashNanos) >> EWMA_SHIFT;
        cycleNanos += (Math.max(hashTook, cycleTook) - cycleNanos) >> EWMA_SHIFT;
    }

    /** Retry-After seconds for a login that cannot be answered now (e.g. its caller's deadline passed). */
    synchronized long refuseLate(long now) {
        return book(now, expectedNanos());
    }

    /** Expected time from arrival to answer for a login arriving now. */
    synchronized long expectedNanos() {
        return (long) (waiting + running) * cycleNanos / threads + hashNanos;
    }

    synchronized int waiting() {
        return waiting;
    }

    synchronized long hashNanos() {
        return hashNanos;
    }

    synchronized long cycleNanos() {
        return cycleNanos;
    }

    /** Books the next free slot after the queue for a refused login; its Retry-After in whole seconds (≥ 1). */
    private long book(long now, long expected) {
        long earliest = now + expected;
        long slot = cycleNanos / threads;
        nextSlot = (!slotBooked || nextSlot - earliest < 0 ? earliest : nextSlot) + slot;
        slotBooked = true;
        return Math.max(1, (nextSlot - now + 999_999_999L) / 1_000_000_000L);
    }
}
