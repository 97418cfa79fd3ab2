package fichas.supervisor.child;

import fichas.supervisor.config.RestartConfig;
import fichas.supervisor.process.ChildLauncher;
import fichas.supervisor.process.HealthProbe;
import fichas.supervisor.process.StopStrategy;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** What every {@link Child} shares: how to spawn, stop and probe, the scheduler its timers run on, and the clock. */
public record ChildContext(ChildLauncher launcher, StopStrategy stopper, HealthProbe probe, ScheduledExecutorService scheduler,
                           Clock clock, RestartConfig restart, Duration startTimeout, Duration healthInterval,
                           ChildEvents events) {
}
