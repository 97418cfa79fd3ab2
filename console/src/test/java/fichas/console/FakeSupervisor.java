package fichas.console;

import fichas.console.admin.ChildView;
import fichas.console.admin.SupervisorView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A supervisor stand-in: children set by the test, actions recorded; a reload "runs" until {@link #reloadDone()}. */
final class FakeSupervisor implements SupervisorView {
    volatile List<ChildView> children = List.of();
    final AtomicBoolean reloading = new AtomicBoolean();
    final List<String> restarted = new CopyOnWriteArrayList<>();

    static ChildView child(String id, String state, int crashes) {
        return new ChildView("instance-" + id, id, Integer.parseInt(id), 4242L, state, 12L, crashes, crashes,
                "ONLINE".equals(state), 220_000_000L, 3.5, null);
    }

    @Override
    public List<ChildView> children() {
        return children;
    }

    @Override
    public boolean startReload() {
        return reloading.compareAndSet(false, true);
    }

    void reloadDone() {
        reloading.set(false);
    }

    @Override
    public Optional<String> startRestart(String nameOrId) {
        for (ChildView c : children) {
            if (c.name().equals(nameOrId) || c.id().equals(nameOrId)) {
                restarted.add(c.name());
                return Optional.of(c.name());
            }
        }
        return Optional.empty();
    }
}
