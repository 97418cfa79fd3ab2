package fichas.supervisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The closing lines of {@code loadtest}: samples, errors, req/s, p50/p95/p99, the gate's verdict and the report's
 * path, from the {@code gate.json} the JMeter module's SLO gate writes ({@code fichas.jmeter.GateResult}).
 * Stateless.
 */
final class LoadTestSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadTestSummary() {
    }

    /** The lines to print; one line saying what is missing when the run left no readable {@code gate.json}. */
    static List<String> lines(Path gateJson) {
        JsonNode g;
        try {
            if (!Files.isRegularFile(gateJson)) {
                return List.of("No summary: the run left no " + gateJson + " (JMeter did not finish, or the gate did not run).");
            }
            g = JSON.readTree(gateJson.toFile());
        } catch (IOException e) {
            return List.of("No summary: cannot read " + gateJson + ": " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        boolean apart = g.hasNonNull("logins");
        lines.add(String.format(Locale.ROOT, "Load test '%s': %s", g.path("plan").asText("?"), g.path("verdict").asText("?")));
        lines.add(String.format(Locale.ROOT, "  %s%d samples, %d errors (%.3f %%), %.1f req/s",
                apart ? "working period: " : "", g.path("samples").asLong(), g.path("errors").asLong(),
                g.path("error_pct").asDouble(), g.path("throughput").asDouble()));
        lines.add(String.format(Locale.ROOT, "  latency p50 %s ms, p95 %s ms, p99 %s ms", ms(g, "p50_ms"), ms(g, "p95_ms"),
                ms(g, "p99_ms")));
        if (apart) {
            JsonNode l = g.get("logins");
            lines.add(String.format(Locale.ROOT, "  logins (apart): %d, %d errors, %.1f/s, p95 %s ms",
                    l.path("samples").asLong(), l.path("errors").asLong(), l.path("per_second").asDouble(), ms(l, "p95_ms")));
        }
        g.path("failures").forEach(f -> lines.add("  gate failed: " + f.asText()));
        lines.add("  report: " + g.path("report").asText());
        return lines;
    }

    private static String ms(JsonNode node, String field) {
        double v = node.path(field).asDouble();
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
