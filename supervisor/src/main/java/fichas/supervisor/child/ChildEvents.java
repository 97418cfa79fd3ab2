package fichas.supervisor.child;

/** Notifications from a {@link Child}, called on the supervisor's scheduler threads; keep them short. */
public interface ChildEvents {
    void spawned(Child child, ProcessHandle process);

    void stateChanged(Child child, ChildSnapshot snapshot);

    static ChildEvents none() {
        return new ChildEvents() {
            @Override
            public void spawned(Child child, ProcessHandle process) {
            }

            @Override
            public void stateChanged(Child child, ChildSnapshot snapshot) {
            }
        };
    }
}
