package fichas.observability.alerts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON shape of an alert, shared by every API and the webhook:
 * <pre>{"id":7,"rule":"error_rate_high","subject":"balancer","severity":"critical","status":"active",
 *  "message":"...","value":0.12,"threshold":0.05,"raised_at":"2026-11-25T10:00:00Z","resolved_at":null,
 *  "resolved_by":null,"source":"balancer"}</pre>
 * {@code value}/{@code threshold} are null for event alerts; instants are ISO-8601 UTC with "Z", whole seconds.
 */
public final class AlertJson {

    private AlertJson() {
    }

    /** An unmodifiable map in the order above, ready for Jackson. */
    public static Map<String, Object> toMap(Alert a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", a.id());
        json.put("rule", a.rule());
        json.put("subject", a.subject());
        json.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
        json.put("status", a.active() ? "active" : "resolved");
        json.put("message", a.message());
        json.put("value", numberOrNull(a.value()));
        json.put("threshold", numberOrNull(a.threshold()));
        json.put("raised_at", instant(a.raisedAt()));
        json.put("resolved_at", instant(a.resolvedAt()));
        json.put("resolved_by", a.resolvedBy());
        json.put("source", a.source());
        return Collections.unmodifiableMap(json);
    }

    /** JSON has no NaN or infinity. */
    private static Double numberOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * API.md's timestamp format, ISO-8601 UTC with "Z" in whole seconds (the instance's {@code Timestamps}, which
     * this module cannot reach): alerts are raised at the clock's full precision.
     */
    private static String instant(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
