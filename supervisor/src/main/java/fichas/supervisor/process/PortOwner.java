package fichas.supervisor.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Best effort: who listens on a TCP port. Asks {@code ss -ltnpH} (Linux), then {@code lsof} (macOS, BSD), then
 * {@code netstat -ano} (Windows); none may exist or may see other users' processes, so the answer is optional.
 */
public final class PortOwner {
    private static final Pattern SS_USER = Pattern.compile("users:\\(\\(\"([^\"]+)\",pid=(\\d+)");

    private PortOwner() {
    }

    /** "port 8001 is in use by pid 1234 (python3)", or without the pid when it cannot be found. */
    public static String describe(int port) {
        return "port " + port + " is in use" + find(port).map(o -> " by " + o).orElse(" by another program");
    }

    public static Optional<String> find(int port) {
        return fromSs(port).or(() -> fromLsof(port)).or(() -> fromNetstat(port));
    }

    private static Optional<String> fromSs(int port) {
        for (String line : run(List.of("ss", "-ltnpH", "sport = :" + port))) {
            Matcher m = SS_USER.matcher(line);
            if (m.find()) {
                return Optional.of("pid " + m.group(2) + " (" + m.group(1) + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> fromLsof(int port) {
        // -F pc: one field per line, "p<pid>" then "c<command>".
        List<String> lines = run(List.of("lsof", "-nP", "-iTCP:" + port, "-sTCP:LISTEN", "-Fpc"));
        String pid = null;
        for (String line : lines) {
            if (line.startsWith("p")) {
                pid = line.substring(1);
            } else if (line.startsWith("c") && pid != null) {
                return Optional.of("pid " + pid + " (" + line.substring(1) + ")");
            }
        }
        return Optional.ofNullable(pid).map(p -> "pid " + p);
    }

    private static Optional<String> fromNetstat(int port) {
        // "  TCP    0.0.0.0:8001    0.0.0.0:0    LISTENING    1234"
        Pattern listening = Pattern.compile("^\\s*TCP\\s+\\S+:" + port + "\\s+\\S+\\s+LISTENING\\s+(\\d+)\\s*$");
        for (String line : run(List.of("netstat", "-ano", "-p", "TCP"))) {
            Matcher m = listening.matcher(line);
            if (m.matches()) {
                return Optional.of("pid " + m.group(1));
            }
        }
        return Optional.empty();
    }

    private static List<String> run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            return out.lines().toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
