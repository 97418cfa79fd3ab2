package fichas.console.admin;

import fichas.balancer.BackendStatus;
import fichas.console.alerts.BalancerAlerts;
import fichas.balancer.proxy.BackendState;
import fichas.console.scrape.BackendScraper;
import fichas.console.scrape.ScrapedMetrics;
import fichas.console.stats.TrafficSampler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's monitor thread: once a second it samples the traffic counters into rates, reads the
 * supervisor's children and feeds backends, children and the last scrapes to the alerts; every scrape
 * interval it starts a scrape of the backends. One daemon thread, never an IO thread; a failing task is
 * logged and runs again next time.
 */
public final class Monitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);
    static final Duration TICK = Duration.ofSeconds(1);

    private final List<BackendState> backends;
    private final TrafficSampler traffic;
    private final BackendScraper scraper;
    private final BalancerAlerts alerts;
    private final SupervisorView supervisor;
    private final ScheduledExecutorService scheduler;
    private volatile List<ChildView> children = List.of();

    /** @param supervisor null when the balancer runs alone */
    public Monitor(List<BackendState> backends, TrafficSampler traffic, BackendScraper scraper, BalancerAlerts alerts,
                   SupervisorView supervisor) {
        this.backends = backends;
        this.traffic = traffic;
        this.scraper = scraper;
        this.alerts = alerts;
        this.supervisor = supervisor;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fichas-balancer-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(Duration scrapeInterval) {
        scheduler.scheduleAtFixedRate(() -> guarded("tick", this::tick), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(() -> guarded("scrape", scraper::scrapeAll), 0, scrapeInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One round of sampling and alert evaluation; public for tests that drive it by hand. */
    public void tick() {
        traffic.sample();
        Map<String, BackendStatus> states = new LinkedHashMap<>();
        Map<String, ScrapedMetrics> scrapes = new LinkedHashMap<>();
        for (BackendState b : backends) {
            states.put(b.id(), b.snapshot().state());
            scrapes.put(b.id(), scraper.latest(b.id()));
        }
        alerts.observeBackends(states);
        alerts.observeScrapes(scrapes);
        if (supervisor != null) {
            List<ChildView> now = List.copyOf(supervisor.children());
            children = now;
            alerts.observeChildren(now);
        }
    }

    /** The children as of the last tick (at most a second old); empty when not supervised. */
    public List<ChildView> children() {
        return children;
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("balancer monitor {} failed", what, e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        scraper.close();
    }
}
