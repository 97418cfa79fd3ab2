package fichas.supervisor;

import fichas.console.admin.ChildView;
import fichas.console.admin.SupervisorView;
import fichas.supervisor.child.ChildSnapshot;
import fichas.supervisor.child.ChildState;
import fichas.supervisor.process.CpuSampler;
import fichas.supervisor.process.ProcessStats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The supervisor as the embedded balancer sees it: children for its status page and alerts (memory from /proc,
 * CPU from its own sampler, so the CLI's {@code status} and the dashboard do not shorten each other's intervals),
 * and the reload and restart actions, which run on the supervisor's own threads. Thread-safe.
 */
final class BalancerView implements SupervisorView {
    private final Supervisor supervisor;
    private final Clock clock;
    private final CpuSampler cpu = new CpuSampler();

    BalancerView(Supervisor supervisor, Clock clock) {
        this.supervisor = supervisor;
        this.clock = clock;
    }

    @Override
    public List<ChildView> children() {
        Instant now = clock.instant();
        List<ChildSnapshot> snapshots = supervisor.snapshots();
        cpu.retain(snapshots.stream().map(ChildSnapshot::pid).filter(Objects::nonNull).toList());
        return snapshots.stream().map(c -> view(c, now)).toList();
    }

    private ChildView view(ChildSnapshot c, Instant now) {
        boolean running = c.pid() != null && (c.state() == ChildState.ONLINE || c.state() == ChildState.STARTING);
        Long uptime = running && c.startedAt() != null ? Duration.between(c.startedAt(), now).getSeconds() : null;
        Long rss = c.pid() == null ? null : boxed(ProcessStats.rssBytes(c.pid()));
        Double cpuPercent = c.pid() == null ? null : cpu.percent(c.pid()).orElse(null);
        return new ChildView(c.name(), c.id(), c.port(), c.pid(), c.state().name(), uptime, c.restarts(), c.crashes(),
                c.healthy(), rss, cpuPercent, c.lastError());
    }

    @Override
    public boolean startReload() {
        return supervisor.startReload();
    }

    @Override
    public Optional<String> startRestart(String nameOrId) {
        return supervisor.startRestart(nameOrId);
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
