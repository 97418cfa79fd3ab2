package fichas.console.admin;

import fichas.balancer.BalancerState;
import fichas.console.alerts.BalancerAlerts;
import fichas.console.scrape.BackendScraper;
import fichas.console.stats.TrafficSampler;
import java.time.Clock;
import java.time.Instant;

/**
 * Everything the admin routes, the status page and the metrics text read: the balancer's live state and
 * counters, the rates, the last scrapes, the alerts and, when supervised, the supervisor. Shared by worker
 * threads and the monitor thread; every part is thread-safe on its own.
 *
 * @param supervisor  null when the balancer runs alone
 * @param monitor     the last children seen, refreshed once a second
 */
public record AdminContext(BalancerState balancer, Instant startedAt, Clock clock, TrafficSampler traffic,
                           BackendScraper scraper, BalancerAlerts alerts, TokenVerifier tokens,
                           SupervisorView supervisor, Monitor monitor) {

    public boolean supervised() {
        return supervisor != null;
    }
}
