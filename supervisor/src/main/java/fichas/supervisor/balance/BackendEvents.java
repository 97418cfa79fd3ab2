package fichas.supervisor.balance;

/** What the balancer tells the supervisor about backends. Called on balancer threads; must not block. */
public interface BackendEvents {
    void backendDown(String id);

    void backendUp(String id);

    /**
     * The balancer runs in a new child process: the supervisor records its pid with the instances' pids, so that
     * the no-orphan rules (docs/CONTRACTS.md) cover it too.
     */
    default void balancerSpawned(ProcessHandle process) {
    }
}
