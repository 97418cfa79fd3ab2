package fichas.jmeter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The figures of one JMeter dashboard, read from its {@code statistics.json}.
 *
 * <p>The dashboard names its three percentiles {@code pct1ResTime}..{@code pct3ResTime}; which
 * percentiles they are is set by the properties {@code aggregate_rpt_pct1..3}. The jmeter profile of
 * the pom sets them to 90/95/99, and this class reads them as such. Immutable.
 *
 * @param total the "Total" row (every sample of the run)
 * @param rows  one row per sampler label, in the file's order, without "Total"
 */
public record Statistics(Row total, List<Row> rows) {

    /** One line of the dashboard's statistics table; times in ms, throughput in samples/s. */
    public record Row(String label, long samples, long errors, double errorPct, double meanMs,
                      double p50Ms, double p90Ms, double p95Ms, double p99Ms, double maxMs, double throughput) {
    }

    public Statistics {
        rows = List.copyOf(rows);
    }

    /** Reads {@code statistics.json}; fails when it has no "Total" row (an empty run). */
    public static Statistics read(Path statisticsJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(statisticsJson.toFile());
        Row total = null;
        List<Row> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Row row = row(entry.getValue());
            if ("Total".equals(entry.getKey())) {
                total = row;
            } else {
                rows.add(row);
            }
        }
        if (total == null) {
            throw new IOException(statisticsJson + " has no \"Total\" row: did the plan send any request?");
        }
        return new Statistics(total, rows);
    }

    private static Row row(JsonNode n) {
        return new Row(n.path("transaction").asText(), n.path("sampleCount").asLong(), n.path("errorCount").asLong(),
                n.path("errorPct").asDouble(), n.path("meanResTime").asDouble(), n.path("medianResTime").asDouble(),
                n.path("pct1ResTime").asDouble(), n.path("pct2ResTime").asDouble(), n.path("pct3ResTime").asDouble(),
                n.path("maxResTime").asDouble(), n.path("throughput").asDouble());
    }
}
