package fichas.balancer;

/**
 * Told when active health checks change a backend's state. Calls come from the balancer's single
 * health-check thread, never from an IO thread; an implementation must not block for long (hand work
 * to its own executor), and exceptions it throws are logged and ignored.
 */
public interface BalancerListener {

    /**
     * Active checks turned the backend DOWN ({@code fall} failures in a row). Called once per down
     * episode, also when live-traffic errors had already ejected it. The supervisor uses it to look for
     * a hung process.
     */
    void backendDown(String backendId);

    /** Active checks brought the backend back UP ({@code rise} passes in a row). */
    void backendUp(String backendId);

    /** A listener that ignores every call. */
    static BalancerListener none() {
        return new BalancerListener() {
            @Override
            public void backendDown(String backendId) {
            }

            @Override
            public void backendUp(String backendId) {
            }
        };
    }
}
