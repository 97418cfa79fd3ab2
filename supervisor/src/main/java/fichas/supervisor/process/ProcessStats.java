package fichas.supervisor.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident memory of a process: VmRSS from /proc on Linux; unknown elsewhere (the table shows "-"). */
public final class ProcessStats {
    private ProcessStats() {
    }

    public static OptionalLong rssBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process ended between the check and the read: same as unknown.
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
