package fichas.observability.alerts;

import java.time.Instant;

/**
 * One alert, active or resolved. Immutable: resolving an alert produces a new value with the same id.
 *
 * @param id         positive, increasing per {@link AlertEngine}
 * @param rule       the rule name (threshold rule or event alert name)
 * @param subject    what the alert is about: the engine's source for threshold alerts, chosen by the caller for
 *                   event alerts (for example a backend id)
 * @param value      the value that breached; NaN for event alerts
 * @param threshold  the rule's threshold; NaN for event alerts
 * @param resolvedAt null while active
 * @param resolvedBy null while active; "auto" when the condition cleared, else the user who resolved it
 * @param source     the engine that raised it (for example "balancer" or "instance-8001")
 */
public record Alert(long id, String rule, String subject, Severity severity, String message, double value,
                    double threshold, Instant raisedAt, Instant resolvedAt, String resolvedBy, String source) {

    /** The {@code resolvedBy} of an alert whose condition cleared by itself. */
    public static final String AUTO = "auto";

    public boolean active() {
        return resolvedAt == null;
    }

    /** This alert resolved at {@code at} by {@code by}; called only on active alerts. */
    Alert resolve(Instant at, String by) {
        return new Alert(id, rule, subject, severity, message, value, threshold, raisedAt, at, by, source);
    }
}
