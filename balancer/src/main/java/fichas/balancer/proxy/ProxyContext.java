package fichas.balancer.proxy;

import fichas.balancer.frontdoor.BodyBudget;
import fichas.balancer.BalancerConfig;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every proxied request shares: config, backends, pools and the global counters.
 *
 * @param retries   attempts repeated on another (or the same) backend
 * @param failures  requests whose client got a 5xx: the balancer's own 502/503/504, or a backend's 5xx passed on
 * @param bodies    request-body bytes in flight, in total and per client address
 * @param refused   requests refused at the front door for a full body budget (429 or 503) or a stalled body
 */
public record ProxyContext(BalancerConfig config, BackendRegistry registry, ConnectionPools pools, LongAdder retries,
                           LongAdder failures, BodyBudget bodies, LongAdder refused) {
}
