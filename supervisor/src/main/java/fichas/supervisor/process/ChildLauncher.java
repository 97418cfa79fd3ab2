package fichas.supervisor.process;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Spawns a child: output (stdout and stderr merged) appended to its own file, stdin a pipe that the
 * supervisor keeps open. That pipe is the control channel: a "stop" line asks for a graceful stop, and
 * end-of-file (the supervisor died, even by SIGKILL) makes the child stop by itself.
 */
public final class ChildLauncher {
    public Process launch(ChildSpec spec) throws IOException {
        Files.createDirectories(spec.output().toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(spec.command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.output().toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(spec.environment());
        return pb.start();
    }
}
