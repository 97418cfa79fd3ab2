package fichas.console.admin;

import java.util.List;
import java.util.Optional;

/**
 * What the balancer may see and ask of the supervisor that embeds it: the children, a rolling reload and
 * the restart of one instance. The supervisor implements it and hands it to
 * {@link fichas.balancer.Balancer#start(fichas.balancer.BalancerConfig, List, fichas.balancer.BalancerListener, SupervisorView)};
 * a standalone balancer has none, and its admin actions answer 503.
 *
 * <p>Called on the balancer's worker and monitor threads. {@link #children()} must be cheap (it is read
 * once a second); the actions must return at once and do their work on the supervisor's own threads.
 */
public interface SupervisorView {

    /** Every supervised instance, in a stable order. */
    List<ChildView> children();

    /** Starts a rolling reload of every instance; false (and nothing happens) when one is already running. */
    boolean startReload();

    /**
     * Starts restarting one instance, named as the supervisor names it ({@code instance-8001}) or by its id
     * ({@code 8001}). Returns the instance's name, or empty when no instance has that name.
     */
    Optional<String> startRestart(String nameOrId);
}
