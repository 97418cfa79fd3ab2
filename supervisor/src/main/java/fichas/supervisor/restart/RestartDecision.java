package fichas.supervisor.restart;

import java.time.Duration;

/** What to do after a child failed: start it again after {@code delay}, or give up ({@code delay} is null). */
public record RestartDecision(boolean giveUp, Duration delay, int failuresInWindow) {
    public static RestartDecision retryAfter(Duration delay, int failuresInWindow) {
        return new RestartDecision(false, delay, failuresInWindow);
    }

    public static RestartDecision giveUp(int failuresInWindow) {
        return new RestartDecision(true, null, failuresInWindow);
    }
}
