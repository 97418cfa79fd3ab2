package fichas.supervisor;

import fichas.supervisor.balance.TrafficGate;
import fichas.supervisor.child.Child;
import fichas.supervisor.child.ChildSnapshot;
import fichas.supervisor.child.ChildState;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.process.CpuSampler;
import fichas.supervisor.process.ProcessStats;
import fichas.supervisor.status.InstanceStatus;
import fichas.supervisor.status.SupervisorStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Map;
import java.util.OptionalLong;

/** Joins child snapshots (the instances', the balancer's), process memory and balancer rates into the {@code status} answer. */
final class StatusAssembler {
    private final SupervisorConfig config;
    private final Instant startedAt;
    private final Clock clock;
    private final CpuSampler cpu = new CpuSampler();

    StatusAssembler(SupervisorConfig config, Instant startedAt, Clock clock) {
        this.config = config;
        this.startedAt = startedAt;
        this.clock = clock;
    }

    SupervisorStatus assemble(List<ChildSnapshot> children, TrafficGate gate, boolean ready) {
        Instant now = clock.instant();
        Map<String, Double> rates = gate.requestsPerSecond();
        List<InstanceStatus> rows = children.stream().map(c -> row(c, now, rates)).toList();
        Optional<ChildSnapshot> balancer = gate.process().map(Child::snapshot);
        InstanceStatus balancerRow = balancer.map(b -> row(b, now, rates.isEmpty() ? Map.of() : Map.of(b.id(), total(rates))))
                .orElse(null);
        List<Long> pids = new ArrayList<>(children.stream().map(ChildSnapshot::pid).filter(Objects::nonNull).toList());
        balancer.map(ChildSnapshot::pid).ifPresent(pids::add);
        cpu.retain(pids);
        long pid = ProcessHandle.current().pid();
        int port = gate.port();
        String url = port < 0 ? null : "http://" + config.balancer().publicHost() + ":" + port;
        return new SupervisorStatus(pid, Duration.between(startedAt, now).getSeconds(), boxed(ProcessStats.rssBytes(pid)),
                port, url, ready, rows, balancerRow, gate.writer());
    }

    private InstanceStatus row(ChildSnapshot c, Instant now, Map<String, Double> rates) {
        boolean running = c.pid() != null && (c.state() == ChildState.ONLINE || c.state() == ChildState.STARTING);
        Long uptime = running && c.startedAt() != null ? Duration.between(c.startedAt(), now).getSeconds() : null;
        Long memory = c.pid() == null ? null : boxed(ProcessStats.rssBytes(c.pid()));
        Double cpuPercent = c.pid() == null ? null : cpu.percent(c.pid()).orElse(null);
        return new InstanceStatus(c.name(), c.id(), c.pid(), c.port(), c.state().label(), uptime, c.restarts(),
                c.healthy(), cpuPercent, memory, rates.get(c.id()), c.lastExitCode(), c.lastError(),
                c.state() == ChildState.ERRORED ? c.lastLogLines() : List.of());
    }

    private static double total(Map<String, Double> rates) {
        return rates.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
