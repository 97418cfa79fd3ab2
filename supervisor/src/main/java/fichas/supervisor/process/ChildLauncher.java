package fichas.supervisor.process;

import fichas.observability.files.OwnerOnly;
import fichas.supervisor.config.InstancesConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Spawns a child: output (stdout and stderr merged) appended to its own file, stdin a pipe that the
 * supervisor keeps open. That pipe is the control channel: a "stop" line asks for a graceful stop, and
 * end-of-file (the supervisor died, even by SIGKILL) makes the child stop by itself.
 */
public final class ChildLauncher {
    private final Optional<CdsArchive> cds;
    private volatile StandbyInstance standby;

    public ChildLauncher(Optional<CdsArchive> cds) {
        this.cds = cds;
    }

    /** The instances' launcher: with their class-data archive ({@link CdsArchive}) unless it is turned off. */
    public static ChildLauncher forInstances(InstancesConfig instances, Path dataDir) {
        return new ChildLauncher(instances.usesClassDataSharing()
                ? Optional.of(CdsArchive.forJar(instances.jar(), dataDir)) : Optional.empty());
    }

    /**
     * After a stop of everything: keeps an archive one of these children wrote at this stop now, as their exit
     * callbacks may not run before the supervisor's JVM ends.
     */
    public void keepArchives(Collection<String> ids) {
        cds.ifPresent(c -> ids.forEach(c::exited));
    }

    /** From now on, {@link #launchReplacement} hands an exited child's role to {@code standby} when it can. */
    public void useStandby(StandbyInstance standby) {
        this.standby = standby;
    }

    /**
     * A new process for a child that exited unexpectedly: the pre-started standby JVM told to take the child's id
     * and port when there is one ({@link StandbyInstance}), otherwise a new JVM as {@link #launch}.
     */
    public Process launchReplacement(ChildSpec spec) throws IOException {
        StandbyInstance s = standby;
        if (s != null) {
            Optional<Process> taken = s.take(spec);
            if (taken.isPresent()) {
                return taken.get();
            }
        }
        return launch(spec);
    }

    public Process launch(ChildSpec spec) throws IOException {
        OwnerOnly.touch(spec.output());
        List<String> command = new ArrayList<>(spec.command());
        cds.ifPresent(c -> command.addAll(1, c.options(spec.id())));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.output().toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(spec.environment());
        Process process = pb.start();
        cds.ifPresent(c -> process.onExit().thenRun(() -> c.exited(spec.id())));
        return process;
    }
}
