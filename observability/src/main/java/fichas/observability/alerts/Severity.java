package fichas.observability.alerts;

/** How urgently an alert needs a person. Rendered in JSON and metric labels in lower case ("warning", "critical"). */
public enum Severity {
    WARNING,
    CRITICAL
}
