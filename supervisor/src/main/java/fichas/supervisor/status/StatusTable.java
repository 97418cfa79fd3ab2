package fichas.supervisor.status;

import fichas.supervisor.config.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link SupervisorStatus} as a pm2-like table in plain ASCII (Windows consoles included). */
public final class StatusTable {
    private static final String[] HEADERS = {"name", "pid", "port", "state", "uptime", "restarts", "health", "role", "cpu", "memory", "req/s"};

    private StatusTable() {
    }

    public static String render(SupervisorStatus status) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        status.instances().forEach(i -> rows.add(row(i, status.writer())));
        if (status.balancer() != null) {
            rows.add(row(status.balancer(), null));
        }
        int[] widths = widths(rows);
        StringBuilder out = new StringBuilder();
        String rule = rule(widths);
        out.append(rule);
        for (int r = 0; r < rows.size(); r++) {
            out.append(line(rows.get(r), widths));
            if (r == 0) {
                out.append(rule);
            }
        }
        out.append(rule);
        out.append(String.format(Locale.ROOT, "supervisor pid %d, up %s, memory %s%s%n", status.pid(),
                Durations.uptime(Duration.ofSeconds(status.uptimeSeconds())), memory(status.memoryBytes()),
                status.url() == null ? ", no balancer" : ", clients use " + status.url()));
        status.instances().stream().filter(i -> i.lastError() != null && !i.state().equals("online"))
                .forEach(i -> appendProblem(out, i));
        if (status.balancer() != null && status.balancer().lastError() != null && !status.balancer().state().equals("online")) {
            appendProblem(out, status.balancer());
        }
        return out.toString();
    }

    private static String[] row(InstanceStatus i, String writer) {
        return new String[]{i.name(), i.pid() == null ? "-" : i.pid().toString(), Integer.toString(i.port()), i.state(),
                i.uptimeSeconds() == null ? "-" : Durations.uptime(Duration.ofSeconds(i.uptimeSeconds())),
                Integer.toString(i.restarts()), health(i), i.id().equals(writer) ? "writer" : "-",
                i.cpuPercent() == null ? "-" : String.format(Locale.ROOT, "%.0f%%", i.cpuPercent()), memory(i.memoryBytes()),
                i.requestsPerSecond() == null ? "-" : String.format(Locale.ROOT, "%.1f", i.requestsPerSecond())};
    }

    private static String health(InstanceStatus i) {
        if (i.pid() == null) {
            return "-";
        }
        return i.healthy() ? "up" : "down";
    }

    static String memory(Long bytes) {
        if (bytes == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static void appendProblem(StringBuilder out, InstanceStatus i) {
        out.append(String.format(Locale.ROOT, "%s %s: %s%s%n", i.name(), i.state(), i.lastError(),
                i.lastExitCode() == null ? "" : " (last exit code " + i.lastExitCode() + ")"));
        if (!i.lastLogLines().isEmpty()) {
            out.append("  last log lines:").append(System.lineSeparator());
            i.lastLogLines().forEach(l -> out.append("    ").append(l).append(System.lineSeparator()));
        }
    }

    private static int[] widths(List<String[]> rows) {
        int[] w = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                w[c] = Math.max(w[c], row[c].length());
            }
        }
        return w;
    }

    private static String rule(int[] widths) {
        StringBuilder b = new StringBuilder("+");
        for (int w : widths) {
            b.append("-".repeat(w + 2)).append('+');
        }
        return b.append(System.lineSeparator()).toString();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder("|");
        for (int c = 0; c < cells.length; c++) {
            b.append(' ').append(cells[c]).append(" ".repeat(widths[c] - cells[c].length())).append(" |");
        }
        return b.append(System.lineSeparator()).toString();
    }
}
