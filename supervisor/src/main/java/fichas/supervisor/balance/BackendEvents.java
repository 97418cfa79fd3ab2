package fichas.supervisor.balance;

/** What the balancer tells the supervisor about backends. Called on balancer threads; must not block. */
public interface BackendEvents {
    void backendDown(String id);

    void backendUp(String id);
}
