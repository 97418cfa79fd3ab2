package fichas.balancer.health;

/**
 * The UP/DOWN state machine of one backend: {@code fall} failed checks in a row turn it DOWN, {@code rise}
 * passes in a row turn it UP, and live-traffic errors may eject it (DOWN at once, back only through
 * {@code rise} passes). Pure logic with no clock, so tests drive it directly.
 *
 * <p>Thread-safe: writes are synchronized; {@link #isUp()} is a volatile read for the request path.
 */
public final class HealthTracker {

    /** What a recorded check changed. */
    public enum Transition { NONE, WENT_DOWN, WENT_UP }

    private final int fall;
    private final int rise;
    private volatile boolean up = true;
    private int failures;
    private int passes;
    /** True once active checks reported this down episode, so the listener hears it once. */
    private boolean reportedDown;

    public HealthTracker(int fall, int rise) {
        this.fall = fall;
        this.rise = rise;
    }

    public boolean isUp() {
        return up;
    }

    /** Records one active check and says whether it changed the state. */
    public synchronized Transition record(boolean passed) {
        if (passed) {
            failures = 0;
            passes++;
            if (!up && passes >= rise) {
                up = true;
                reportedDown = false;
                return Transition.WENT_UP;
            }
            return Transition.NONE;
        }
        passes = 0;
        failures++;
        if (failures >= fall && !reportedDown) {
            // Reported even when live traffic had already ejected it: the supervisor must hear of a hang.
            up = false;
            reportedDown = true;
            return Transition.WENT_DOWN;
        }
        return Transition.NONE;
    }

    /** Live traffic says the backend is broken: DOWN now, without a listener call. True if it was UP. */
    public synchronized boolean eject() {
        if (!up) {
            return false;
        }
        up = false;
        passes = 0;
        return true;
    }

    /** True while a backend is between states, when checks should come faster. */
    public synchronized boolean changing() {
        return up ? failures > 0 : passes > 0;
    }

    public synchronized int failures() {
        return failures;
    }

    public synchronized int passes() {
        return passes;
    }
}
