package fichas.supervisor.cli;

import fichas.console.admin.SupervisorView;
import fichas.supervisor.Supervisor;
import fichas.supervisor.balance.BalancerReport;
import fichas.supervisor.control.ControlOperations;
import fichas.supervisor.status.SupervisorStatus;

import java.util.function.Consumer;

/** The control endpoint's operations, backed by the supervisor of this process. */
final class SupervisorOperations implements ControlOperations {
    private final Supervisor supervisor;
    private final Consumer<Supervisor> stopper;

    SupervisorOperations(Supervisor supervisor, Consumer<Supervisor> stopper) {
        this.supervisor = supervisor;
        this.stopper = stopper;
    }

    @Override
    public SupervisorStatus status() {
        return supervisor.status();
    }

    @Override
    public void stop() {
        stopper.accept(supervisor);
    }

    @Override
    public void reload() throws InterruptedException {
        supervisor.reload();
    }

    @Override
    public String restart(String name) throws InterruptedException {
        return supervisor.restart(name).label();
    }

    @Override
    public SupervisorView balancerView() {
        return supervisor.balancerView();
    }

    @Override
    public void backendDown(String id) {
        supervisor.backendDown(id);
    }

    @Override
    public void balancerReport(BalancerReport report) {
        supervisor.balancerReport(report);
    }
}
