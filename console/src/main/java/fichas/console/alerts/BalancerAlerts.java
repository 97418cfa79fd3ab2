package fichas.console.alerts;

import fichas.balancer.BackendStatus;
import fichas.console.admin.ChildView;
import fichas.console.scrape.ScrapedMetrics;
import fichas.observability.alerts.Alert;
import fichas.observability.alerts.AlertEngine;
import fichas.observability.alerts.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The alerts of the balancer's JVM (source {@code "balancer"}), fed once a second by the monitor thread with
 * what it observed:
 * <ul>
 *   <li>{@code instance_restarted} (warning, subject the child's name): the supervisor restarted an instance
 *       that crashed or hung (its crash count grew; a restart someone asked for does not count). Resolves by
 *       itself once that instance has been ONLINE and healthy for {@code restartClearAfter}.</li>
 *   <li>{@code instance_errored} (critical): while an instance is ERRORED (the supervisor gave up on it);
 *       resolves when it runs again.</li>
 *   <li>{@code backend_down} (warning, subject the backend id): a backend DOWN for {@code backendDownAfter}
 *       or longer; resolves when it is UP (or draining) again.</li>
 *   <li>one alert per rule an instance reports active in its {@code /metrics}, mirrored here (rule as the
 *       instance names it, subject {@code instance-<id>}) so that the balancer's alert list is the whole
 *       picture. Mirrored alerts are not posted to the webhook: the instance posts its own.</li>
 * </ul>
 * Time comes from the injected clock. Thread-safe: observations are synchronized, the engine is thread-safe.
 */
public final class BalancerAlerts {
    public static final String SOURCE = "balancer";
    public static final String INSTANCE_RESTARTED = "instance_restarted";
    public static final String INSTANCE_ERRORED = "instance_errored";
    public static final String BACKEND_DOWN = "backend_down";
    /** The rules this class raises itself; only these go to the webhook. */
    public static final Set<String> OWN_RULES = Set.of(INSTANCE_RESTARTED, INSTANCE_ERRORED, BACKEND_DOWN);
    /** Failed scrapes in a row before an instance's mirrored alerts are dropped (one slow scrape is not news). */
    static final int UNREACHABLE_SCRAPES_TO_FORGET = 3;

    private record Key(String rule, String subject) {
    }

    private final AlertEngine engine;
    private final Clock clock;
    private final Duration restartClearAfter;
    private final Duration backendDownAfter;
    private final Map<String, Integer> crashesSeen = new HashMap<>();
    private final Map<String, Instant> healthySince = new HashMap<>();
    private final Map<String, Instant> downSince = new HashMap<>();
    private final Map<String, Integer> unreachableScrapes = new HashMap<>();
    private final Set<Key> mirrored = new HashSet<>();
    /** Mirrored alerts resolved by hand while the instance still reports them: not raised again until it stops. */
    private final Set<Key> silenced = new HashSet<>();

    public BalancerAlerts(AlertEngine engine, Clock clock, Duration restartClearAfter, Duration backendDownAfter) {
        this.engine = engine;
        this.clock = clock;
        this.restartClearAfter = restartClearAfter;
        this.backendDownAfter = backendDownAfter;
    }

    /** The supervisor's children as they are now. */
    public synchronized void observeChildren(List<ChildView> children) {
        Instant now = clock.instant();
        for (ChildView c : children) {
            int before = crashesSeen.getOrDefault(c.name(), 0);
            crashesSeen.put(c.name(), c.crashes());
            if (c.crashes() > before) {
                healthySince.remove(c.name());
                silenced.remove(new Key(INSTANCE_RESTARTED, c.name()));
                raise(INSTANCE_RESTARTED, c.name(), Severity.WARNING, c.name() + " stopped unexpectedly"
                        + (c.lastError() != null ? " (" + c.lastError() + ")" : "") + " and was restarted by the supervisor; "
                        + c.crashes() + " unplanned restart(s) since the supervisor started");
            }
            if (ChildView.ERRORED.equals(c.state())) {
                raise(INSTANCE_ERRORED, c.name(), Severity.CRITICAL, c.name() + " is errored: the supervisor"
                        + " gave up restarting it" + (c.lastError() != null ? " (" + c.lastError() + ")" : ""));
            } else {
                clear(INSTANCE_ERRORED, c.name());
            }
            trackHealthy(c, now);
        }
    }

    private void trackHealthy(ChildView c, Instant now) {
        if (!ChildView.ONLINE.equals(c.state()) || !c.healthy()) {
            healthySince.remove(c.name());
            return;
        }
        Instant since = healthySince.computeIfAbsent(c.name(), k -> now);
        if (!Duration.between(since, now).minus(restartClearAfter).isNegative()) {
            clear(INSTANCE_RESTARTED, c.name());
        }
    }

    /** The balancer's view of its backends, by id. */
    public synchronized void observeBackends(Map<String, BackendStatus> states) {
        Instant now = clock.instant();
        states.forEach((id, state) -> {
            if (state != BackendStatus.DOWN) {
                downSince.remove(id);
                clear(BACKEND_DOWN, id);
                return;
            }
            Instant since = downSince.computeIfAbsent(id, k -> now);
            Duration down = Duration.between(since, now);
            if (!down.minus(backendDownAfter).isNegative()) {
                raise(BACKEND_DOWN, id, Severity.WARNING, "backend " + id + " has been DOWN for "
                        + down.toSeconds() + " s (failing its health checks)");
            }
        });
    }

    /** The last scrape of every backend, by backend id. */
    public synchronized void observeScrapes(Map<String, ScrapedMetrics> scrapes) {
        scrapes.forEach((id, m) -> {
            String subject = mirrorSubject(id);
            if (!m.reachable()) {
                int failures = unreachableScrapes.merge(id, 1, Integer::sum);
                if (failures >= UNREACHABLE_SCRAPES_TO_FORGET) {
                    forgetMirrored(subject, Set.of());
                }
                return;
            }
            unreachableScrapes.remove(id);
            Set<String> active = new HashSet<>();
            for (ScrapedMetrics.ActiveRule rule : m.activeAlerts()) {
                active.add(rule.rule());
                if (raise(rule.rule(), subject, severity(rule.severity()), "instance " + id + " reports "
                        + rule.rule() + " (" + rule.severity() + ")")) {
                    mirrored.add(new Key(rule.rule(), subject));
                }
            }
            forgetMirrored(subject, active);
        });
    }

    private void forgetMirrored(String subject, Set<String> stillActive) {
        List<Key> gone = mirrored.stream()
                .filter(k -> k.subject().equals(subject) && !stillActive.contains(k.rule())).toList();
        gone.forEach(k -> clear(k.rule(), k.subject()));
        gone.forEach(mirrored::remove);
        silenced.removeIf(k -> k.subject().equals(subject) && !stillActive.contains(k.rule()));
    }

    /** Raises unless the alert was resolved by hand while its condition held; true when it is (now) active. */
    private boolean raise(String rule, String subject, Severity severity, String message) {
        if (silenced.contains(new Key(rule, subject))) {
            return false;
        }
        engine.raise(rule, subject, severity, message);
        return true;
    }

    /** The condition is over: resolve the alert ("auto") and let it be raised again next time. */
    private void clear(String rule, String subject) {
        silenced.remove(new Key(rule, subject));
        engine.clear(rule, subject);
    }

    /**
     * Resolves an alert by hand. An event alert whose condition still holds (an instance still errored, a
     * backend still down, an instance still reporting the rule) is not raised again until the condition
     * has cleared once.
     */
    public synchronized Optional<Alert> resolve(long id, String resolvedBy) {
        Optional<Alert> before = engine.find(id);
        Optional<Alert> resolved = engine.resolve(id, resolvedBy);
        if (before.isPresent() && before.get().active()) {
            silenced.add(new Key(before.get().rule(), before.get().subject()));
            mirrored.remove(new Key(before.get().rule(), before.get().subject()));
        }
        return resolved;
    }

    public List<Alert> active() {
        return engine.active();
    }

    public List<Alert> recent() {
        return engine.recent();
    }

    /** The subject of the alerts mirrored from one backend's instance. */
    static String mirrorSubject(String backendId) {
        return "instance-" + backendId;
    }

    private static Severity severity(String label) {
        return "critical".equalsIgnoreCase(label) ? Severity.CRITICAL : Severity.WARNING;
    }
}
