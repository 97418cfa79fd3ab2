package fichas.supervisor.process;

import fichas.supervisor.config.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * In-band "stop" on stdin (the instance finishes in-flight requests and closes its pools), then
 * {@code destroy()}, then {@code destroyForcibly()}. The in-band step is what makes this work the same on
 * Windows, where {@code destroy()} is already a hard kill.
 */
public final class StopLadder implements StopStrategy {
    private static final Logger log = LoggerFactory.getLogger(StopLadder.class);

    private final Duration graceful;
    private final Duration terminate;

    public StopLadder(Duration graceful, Duration terminate) {
        this.graceful = graceful;
        this.terminate = terminate;
    }

    @Override
    public void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        askToStop(process);
        if (process.waitFor(graceful.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        log.warn("pid {} did not stop within {} of the stop request, terminating it", process.pid(), Durations.format(graceful));
        process.destroy();
        if (process.waitFor(terminate.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        log.warn("pid {} did not terminate within {}, killing it", process.pid(), Durations.format(terminate));
        process.destroyForcibly();
        process.waitFor(terminate.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void askToStop(Process process) {
        try {
            OutputStream stdin = process.getOutputStream();
            synchronized (stdin) { // Child.send writes whole lines under the same lock
                stdin.write("stop\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
            }
        } catch (IOException e) {
            // The pipe is closed: the child is already on its way out; the waits below cover it.
            log.debug("pid {} stdin closed before the stop request", process.pid());
        }
    }
}
