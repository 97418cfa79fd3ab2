package fichas.supervisor.child;

import java.util.Locale;

/** Life cycle of one supervised instance, pm2-like. */
public enum ChildState {
    /** Spawned, /health has not answered 200 yet. */
    STARTING,
    /** Answered /health; may turn unhealthy (see {@link ChildSnapshot#healthy()}) without leaving this state. */
    ONLINE,
    /** Died or was killed; a restart is scheduled after the backoff. */
    WAITING,
    /** The stop ladder is running. */
    STOPPING,
    /** Stopped on purpose. */
    STOPPED,
    /** Gave up: too many failures in the window, or its port is held by another program. Stays down. */
    ERRORED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
