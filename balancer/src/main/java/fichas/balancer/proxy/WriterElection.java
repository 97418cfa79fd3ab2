package fichas.balancer.proxy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which backend is the writer. The role is sticky: the writer keeps it while it is in rotation (UP and not
 * draining), so a backend that comes back does not take it back and writes do not flap between processes.
 * When the writer leaves the rotation, the next backend after it in configuration order that is in rotation
 * takes the role, on the first request or status read that asks. Thread-safe and lock-free: racing
 * threads agree through one compare-and-set.
 */
final class WriterElection {
    private static final Logger log = LoggerFactory.getLogger(WriterElection.class);

    private final List<BackendState> all;
    private final AtomicReference<BackendState> current = new AtomicReference<>();

    WriterElection(List<BackendState> all) {
        this.all = all;
    }

    /** The writer now, or null when no backend is in rotation (writes then go wherever reads would). */
    BackendState writer() {
        while (true) {
            BackendState w = current.get();
            if (w != null && w.inRotation()) {
                return w;
            }
            BackendState next = successor(w);
            if (next == null) {
                return null; // keep the old writer: it gets the role back if it is the first to return
            }
            if (current.compareAndSet(w, next)) {
                if (w == null) {
                    log.info("backend {} is the writer", next.id());
                } else {
                    log.info("backend {} is the writer, backend {} left the rotation", next.id(), w.id());
                }
                return next;
            }
        }
    }

    /** The first backend in rotation after {@code previous} in configuration order, wrapping; null if none. */
    private BackendState successor(BackendState previous) {
        int start = previous == null ? 0 : previous.index() + 1;
        for (int i = 0; i < all.size(); i++) {
            BackendState b = all.get((start + i) % all.size());
            if (b.inRotation()) {
                return b;
            }
        }
        return null;
    }
}
