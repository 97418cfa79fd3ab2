package fichas.balancer.admin;

import fichas.balancer.BalancerConfig;
import fichas.balancer.alerts.BalancerAlerts;
import fichas.balancer.proxy.BackendState;
import fichas.balancer.scrape.BackendScraper;
import fichas.balancer.stats.TrafficSampler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Everything the admin routes, the status page and the metrics text read: the balancer's live state and
 * counters, the rates, the last scrapes, the alerts and, when supervised, the supervisor. Shared by worker
 * threads and the monitor thread; every part is thread-safe on its own.
 *
 * @param port        the bound port (known once the server started)
 * @param writer      the id of the backend that takes every write now; null with round-robin writes
 * @param requests    requests received for proxying (reserved paths not included)
 * @param failures    proxied requests whose client got a 5xx
 * @param supervisor  null when the balancer runs alone
 * @param monitor     the last children seen, refreshed once a second
 */
public record AdminContext(BalancerConfig config, IntSupplier port, Instant startedAt, Clock clock,
                           List<BackendState> backends, Supplier<String> writer, IntSupplier queueLength, LongAdder requests, LongAdder failures,
                           LongAdder rateLimited, LongAdder retries, TrafficSampler traffic, BackendScraper scraper,
                           BalancerAlerts alerts, TokenVerifier tokens, SupervisorView supervisor, Monitor monitor) {

    public boolean supervised() {
        return supervisor != null;
    }

    public int inFlight() {
        return backends.stream().mapToInt(BackendState::inFlight).sum();
    }
}
