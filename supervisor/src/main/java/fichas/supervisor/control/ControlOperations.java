package fichas.supervisor.control;

import fichas.console.admin.SupervisorView;
import fichas.supervisor.balance.BalancerReport;
import fichas.supervisor.status.SupervisorStatus;

/** What the control endpoint can ask of the supervisor. Implementations may block (reload, restart). */
public interface ControlOperations {
    SupervisorStatus status();

    /** Begins a graceful stop of everything and returns at once. */
    void stop();

    void reload() throws InterruptedException;

    /** Restarts one instance; returns its state once it settled (e.g. "online", "errored"). */
    String restart(String name) throws InterruptedException;

    /**
     * What the balancer process may see and ask of the supervisor ({@code GET /balancer/children},
     * {@code POST /balancer/reload}, {@code POST /balancer/restart?name=}); null where there is none (those
     * routes then answer 404).
     */
    default SupervisorView balancerView() {
        return null;
    }

    /** {@code POST /balancer/backend-down?id=}: the balancer's health checks found that instance down. */
    default void backendDown(String id) {
    }

    /** {@code POST /balancer/report}: the balancer process's state. */
    default void balancerReport(BalancerReport report) {
    }
}
