package fichas.observability.alerts;

import java.time.Instant;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one threshold rule stands between evaluations. Reading the probe may run on any thread; every other method
 * is called by {@link AlertEngine} while it holds its lock.
 */
final class RuleState {

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);

    final ThresholdRule rule;
    /** Start of the current unbroken breach; null while not breaching. */
    private Instant breachingSince;
    /** The alert this rule has raised and that is still active; null when none. */
    private Alert active;
    /** Set when a person resolved the alert while the rule still breached: no new alert until the breach ends. */
    private boolean quietUntilCleared;
    /** So that a probe failing at every evaluation warns once rather than every few seconds. */
    private final AtomicBoolean probeFailing = new AtomicBoolean();

    RuleState(ThresholdRule rule) {
        this.rule = rule;
    }

    /** The probe's value, or empty when it has none or throws; never throws itself. */
    OptionalDouble read() {
        try {
            OptionalDouble value = rule.probe().read();
            if (probeFailing.compareAndSet(true, false)) {
                log.info("alert probe recovered rule={}", rule.name());
            }
            return value == null ? OptionalDouble.empty() : value;
        } catch (RuntimeException e) {
            if (probeFailing.compareAndSet(false, true)) {
                log.warn("alert probe failed, treated as no data rule={}", rule.name(), e);
            } else {
                log.debug("alert probe still failing rule={} error={}", rule.name(), e.toString());
            }
            return OptionalDouble.empty();
        }
    }

    /** Records one reading taken at {@code now}; true when the rule is breaching. */
    boolean observe(OptionalDouble reading, Instant now) {
        if (reading.isPresent() && rule.breachedBy(reading.getAsDouble())) {
            if (breachingSince == null) {
                breachingSince = now;
            }
            return true;
        }
        breachingSince = null;
        quietUntilCleared = false;
        return false;
    }

    /** True when the current breach has lasted the rule's window and no alert stands for it. */
    boolean dueToRaise(Instant now) {
        return breachingSince != null && active == null && !quietUntilCleared
                && !now.isBefore(breachingSince.plus(rule.window()));
    }

    Alert active() {
        return active;
    }

    void raised(Alert alert) {
        active = alert;
    }

    boolean owns(long alertId) {
        return active != null && active.id() == alertId;
    }

    /** The active alert stopped being active; {@code byHand} keeps the rule quiet until its breach ends. */
    void released(boolean byHand) {
        active = null;
        quietUntilCleared = byHand && breachingSince != null;
    }
}
