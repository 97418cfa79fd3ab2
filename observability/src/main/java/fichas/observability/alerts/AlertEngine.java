package fichas.observability.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and resolves the alerts of one process (the {@code source}): threshold alerts from its rules, evaluated
 * whenever {@link #evaluate()} is called (the owner schedules it), and event alerts raised and cleared by callers.
 *
 * <p>Thread-safe: every method may be called from any thread. Probes are read outside the lock that guards the
 * alerts, so a slow probe does not hold up {@link #resolve} or the listings; state changes and listener calls happen
 * under that lock, so listeners see raise/resolve events in order. Keeps every active
 * alert and the last {@value #RESOLVED_KEPT} resolved ones.
 */
public final class AlertEngine {

    static final int RESOLVED_KEPT = 200;
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final Comparator<Alert> NEWEST_FIRST = Comparator.comparingLong(Alert::id).reversed();

    private final String source;
    private final Clock clock;
    private final List<RuleState> rules;
    private final List<AlertListener> listeners;

    /** Serialises evaluations; never taken while holding {@link #lock}. */
    private final ReentrantLock evaluating = new ReentrantLock();
    /** Guards the alerts and the rule states. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Alert> active = new LinkedHashMap<>();
    private final Map<EventKey, Long> activeEvents = new HashMap<>();
    private final Deque<Alert> resolved = new ArrayDeque<>();
    private long lastId;

    public AlertEngine(String source, Clock clock, List<ThresholdRule> rules, List<AlertListener> listeners) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank");
        }
        this.source = source;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = Objects.requireNonNull(rules, "rules").stream().map(RuleState::new).toList();
        this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
        long distinctNames = rules.stream().map(ThresholdRule::name).distinct().count();
        if (distinctNames != rules.size()) {
            throw new IllegalArgumentException("rules must have distinct names, but were " + rules.stream()
                    .map(ThresholdRule::name).toList());
        }
    }

    /**
     * Reads every rule's probe once, then raises and resolves threshold alerts accordingly. Evaluations run one at
     * a time, so readings are applied in the order they were taken; a slow probe delays only other evaluations.
     */
    public void evaluate() {
        evaluating.lock();
        try {
            List<OptionalDouble> readings = rules.stream().map(RuleState::read).toList();
            lock.lock();
            try {
                Instant now = clock.instant();
                for (int i = 0; i < rules.size(); i++) {
                    apply(rules.get(i), readings.get(i), now);
                }
            } finally {
                lock.unlock();
            }
        } finally {
            evaluating.unlock();
        }
    }

    private void apply(RuleState state, OptionalDouble reading, Instant now) {
        boolean breaching = state.observe(reading, now);
        if (!breaching && state.active() != null) {
            finish(state.active(), now, Alert.AUTO);
        } else if (state.dueToRaise(now)) {
            ThresholdRule rule = state.rule;
            double value = reading.getAsDouble();
            state.raised(start(rule.name(), source, rule.severity(), thresholdMessage(rule, value), value,
                    rule.threshold(), now));
        }
    }

    /**
     * Raises an event alert for ({@code rule}, {@code subject}), or returns the one already active for that pair
     * unchanged.
     */
    public Alert raise(String rule, String subject, Severity severity, String message) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        EventKey key = new EventKey(rule, subject);
        lock.lock();
        try {
            Long existing = activeEvents.get(key);
            if (existing != null) {
                return active.get(existing);
            }
            Alert alert = start(rule, subject, severity, message, Double.NaN, Double.NaN, clock.instant());
            activeEvents.put(key, alert.id());
            return alert;
        } finally {
            lock.unlock();
        }
    }

    /** Resolves ("auto") the active event alert for ({@code rule}, {@code subject}); empty when there is none. */
    public Optional<Alert> clear(String rule, String subject) {
        lock.lock();
        try {
            Long id = activeEvents.get(new EventKey(rule, subject));
            return id == null ? Optional.empty() : Optional.of(finish(active.get(id), clock.instant(), Alert.AUTO));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Resolves an alert by hand. A threshold rule resolved while still breaching raises no new alert until it has
     * stopped breaching once. Empty when the id is unknown (or its alert has left the history); an alert already
     * resolved is returned as it is.
     */
    public Optional<Alert> resolve(long id, String resolvedBy) {
        if (resolvedBy == null || resolvedBy.isBlank()) {
            throw new IllegalArgumentException("resolvedBy must not be blank");
        }
        lock.lock();
        try {
            Alert alert = active.get(id);
            if (alert != null) {
                return Optional.of(finish(alert, clock.instant(), resolvedBy));
            }
            return resolved.stream().filter(a -> a.id() == id).findFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Active alerts, newest first. */
    public List<Alert> active() {
        lock.lock();
        try {
            return active.values().stream().sorted(NEWEST_FIRST).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Active alerts and the kept resolved ones, newest (highest id) first. */
    public List<Alert> recent() {
        lock.lock();
        try {
            List<Alert> all = new ArrayList<>(active.values());
            all.addAll(resolved);
            all.sort(NEWEST_FIRST);
            return List.copyOf(all);
        } finally {
            lock.unlock();
        }
    }

    /** The alert with this id, active or among the kept resolved ones. */
    public Optional<Alert> find(long id) {
        lock.lock();
        try {
            Alert alert = active.get(id);
            return alert != null ? Optional.of(alert) : resolved.stream().filter(a -> a.id() == id).findFirst();
        } finally {
            lock.unlock();
        }
    }

    private Alert start(String rule, String subject, Severity severity, String message, double value,
                        double threshold, Instant now) {
        Alert alert = new Alert(++lastId, rule, subject, severity, message, value, threshold, now, null, null, source);
        active.put(alert.id(), alert);
        log.warn("alert raised id={} rule={} subject={} severity={} value={} threshold={} message={}", alert.id(),
                rule, subject, severity, value, threshold, message);
        notifyListeners(alert, true);
        return alert;
    }

    private Alert finish(Alert alert, Instant now, String by) {
        Alert done = alert.resolve(now, by);
        active.remove(alert.id());
        activeEvents.remove(new EventKey(alert.rule(), alert.subject()), alert.id());
        rules.stream().filter(r -> r.owns(alert.id())).forEach(r -> r.released(!Alert.AUTO.equals(by)));
        resolved.addFirst(done);
        if (resolved.size() > RESOLVED_KEPT) {
            resolved.removeLast();
        }
        log.info("alert resolved id={} rule={} subject={} resolved_by={}", done.id(), done.rule(), done.subject(), by);
        notifyListeners(done, false);
        return done;
    }

    private void notifyListeners(Alert alert, boolean raised) {
        for (AlertListener listener : listeners) {
            try {
                if (raised) {
                    listener.raised(alert);
                } else {
                    listener.resolved(alert);
                }
            } catch (RuntimeException e) {
                log.warn("alert listener failed listener={} alert={} event={}", listener.getClass().getName(),
                        alert.id(), raised ? "raised" : "resolved", e);
            }
        }
    }

    private static String thresholdMessage(ThresholdRule rule, double value) {
        return rule.description() + " (value " + Numbers.compact(value) + " > threshold "
                + Numbers.compact(rule.threshold()) + ")";
    }

    private record EventKey(String rule, String subject) {
    }
}
