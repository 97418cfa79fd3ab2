package fichas.supervisor.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds and stops instances an earlier run left behind (its supervisor was killed and the instances have not
 * noticed yet, or ignored it). Only processes whose pid and start time match the pid file are touched.
 */
public final class Leftovers {
    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /** Stops every live process in the file; returns how many there were. Blocks up to about 2 × timeout. */
    public static int clear(PidFile file, Duration timeout) {
        List<ProcessHandle> live = file.read().stream().map(PidRecord::live).flatMap(Optional::stream).toList();
        for (ProcessHandle h : live) {
            log.warn("instance pid {} is left over from an earlier run, stopping it", h.pid());
            h.destroy();
        }
        for (ProcessHandle h : live) {
            if (!awaitExit(h, timeout)) {
                log.warn("instance pid {} ignored the terminate signal, killing it", h.pid());
                h.destroyForcibly();
                awaitExit(h, timeout);
            }
        }
        file.delete();
        return live.size();
    }

    private static boolean awaitExit(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }
}
