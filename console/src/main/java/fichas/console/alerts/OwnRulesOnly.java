package fichas.console.alerts;

import fichas.observability.alerts.Alert;
import fichas.observability.alerts.AlertListener;

/**
 * Passes on only the balancer's own alerts ({@link BalancerAlerts#OWN_RULES}): alerts mirrored from the
 * instances are posted to the webhook by the instances themselves, and must not arrive twice.
 */
public final class OwnRulesOnly implements AlertListener {
    private final AlertListener next;

    public OwnRulesOnly(AlertListener next) {
        this.next = next;
    }

    @Override
    public void raised(Alert alert) {
        if (BalancerAlerts.OWN_RULES.contains(alert.rule())) {
            next.raised(alert);
        }
    }

    @Override
    public void resolved(Alert alert) {
        if (BalancerAlerts.OWN_RULES.contains(alert.rule())) {
            next.resolved(alert);
        }
    }
}
