package fichas.observability.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that only moves when a test moves it, for code that takes an injected {@link Clock}. Thread-safe:
 * a test thread may move it while the code under test reads it from its own threads.
 *
 * <p>Shared by every module's tests through the observability test-jar
 * ({@code fichas:fichas-observability:test-jar}, test scope).
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward (or back, for a negative duration) by {@code by}. */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    /** Puts the clock at {@code instant}, for tests that state the exact moment they check. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Returns this clock: it is UTC only, and a copy would stop following the test's moves. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
