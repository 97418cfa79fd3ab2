package fichas.supervisor.process;

import fichas.supervisor.SupervisorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The supervisor's two pid files: {@code supervisor.pid} (refuses a second supervisor on the same data) and
 * {@code instances.pid}, every child it runs (instances and the balancer), so that a start after a supervisor's
 * death stops what that one left behind. Thread-safe.
 */
public final class PidFiles {
    private static final Logger log = LoggerFactory.getLogger(PidFiles.class);

    private final PidFile supervisor;
    private final PidFile children;
    private final Map<String, PidRecord> live = new ConcurrentHashMap<>();

    public PidFiles(PidFile supervisor, PidFile children) {
        this.supervisor = supervisor;
        this.children = children;
    }

    /**
     * Refuses to start while another live supervisor owns the data, records this one, and stops the children an
     * earlier run left behind (waiting up to about 2 × {@code terminate}).
     */
    public void claim(Duration terminate) {
        for (PidRecord r : supervisor.read()) {
            if (r.pid() != ProcessHandle.current().pid() && r.live().isPresent()) {
                throw new SupervisorException("Fichas is already running (supervisor pid " + r.pid() + ", pid file "
                        + supervisor.path() + "); stop it first with ./start.sh stop");
            }
        }
        supervisor.write(List.of(PidRecord.of("supervisor", ProcessHandle.current())));
        int cleared = Leftovers.clear(children, terminate);
        if (cleared > 0) {
            log.warn("supervisor stopped {} child process(es) left over from an earlier run", cleared);
        }
    }

    /** A child (by id) now runs as {@code process}: rewrites {@code instances.pid}. */
    public void spawned(String id, ProcessHandle process) {
        live.put(id, PidRecord.of(id, process));
        children.write(live.values());
    }

    /** Everything stopped: both files go. */
    public void release() {
        children.delete();
        supervisor.delete();
    }
}
