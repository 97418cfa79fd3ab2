package fichas.observability.testing;

import fichas.observability.alerts.Alert;
import fichas.observability.alerts.AlertListener;
import java.util.ArrayList;
import java.util.List;

/** Remembers every notification, as "raised:&lt;id&gt;" / "resolved:&lt;id&gt;" events and as alerts. Thread-safe. */
public final class RecordingListener implements AlertListener {

    private final List<String> events = new ArrayList<>();
    private final List<Alert> raised = new ArrayList<>();
    private final List<Alert> resolved = new ArrayList<>();

    @Override
    public synchronized void raised(Alert alert) {
        events.add("raised:" + alert.id());
        raised.add(alert);
    }

    @Override
    public synchronized void resolved(Alert alert) {
        events.add("resolved:" + alert.id());
        resolved.add(alert);
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    public synchronized List<Alert> raised() {
        return List.copyOf(raised);
    }

    public synchronized List<Alert> resolved() {
        return List.copyOf(resolved);
    }
}
