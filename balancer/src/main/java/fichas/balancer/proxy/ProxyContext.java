package fichas.balancer.proxy;

import fichas.balancer.BalancerConfig;
import java.util.concurrent.atomic.LongAdder;

/** What every proxied request shares: config, backends, pools and the global retry counter. */
public record ProxyContext(BalancerConfig config, BackendRegistry registry, ConnectionPools pools, LongAdder retries) {
}
