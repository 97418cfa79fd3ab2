package fichas.supervisor.control;

import fichas.supervisor.status.SupervisorStatus;

/** What the control endpoint can ask of the supervisor. Implementations may block (reload, restart). */
public interface ControlOperations {
    SupervisorStatus status();

    /** Begins a graceful stop of everything and returns at once. */
    void stop();

    void reload() throws InterruptedException;

    /** Restarts one instance; returns its state once it settled (e.g. "online", "errored"). */
    String restart(String name) throws InterruptedException;
}
