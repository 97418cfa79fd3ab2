package fichas.jmeter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gate's verdict and the figures it judged, as {@code gate.json} next to the results, for tools that
 * print a closing summary ({@code ./start.sh loadtest}). The figures are those of the working period when
 * the run logged in (logins apart, in {@code logins}), else of every sample. Immutable.
 *
 * <pre>{"plan":"load","verdict":"PASSED","samples":1200,"errors":0,"error_pct":0.0,"throughput":95.2,
 *  "p50_ms":4,"p95_ms":18,"p99_ms":40,"logins":{"samples":100,"errors":0,"p95_ms":900},
 *  "failures":[],"report":"/…/reports/load/index.html"}</pre>
 */
record GateResult(Map<String, Object> fields) {
    static final String FILE = "gate.json";

    static GateResult of(String plan, Statistics.Row total, Jtl.Period working, Jtl.Period logins,
                         List<String> failures, Path report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", plan);
        m.put("verdict", failures.isEmpty() ? "PASSED" : "FAILED");
        if (working != null) {
            m.put("samples", working.samples());
            m.put("errors", working.errors());
            m.put("error_pct", working.errorPct());
            m.put("throughput", working.throughput());
            m.put("p50_ms", working.p50Ms());
            m.put("p95_ms", working.p95Ms());
            m.put("p99_ms", working.p99Ms());
        } else {
            m.put("samples", total.samples());
            m.put("errors", total.errors());
            m.put("error_pct", total.errorPct());
            m.put("throughput", total.throughput());
            m.put("p50_ms", total.p50Ms());
            m.put("p95_ms", total.p95Ms());
            m.put("p99_ms", total.p99Ms());
        }
        if (logins != null && logins.samples() > 0) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("samples", logins.samples());
            l.put("errors", logins.errors());
            l.put("per_second", logins.throughput());
            l.put("p95_ms", logins.p95Ms());
            m.put("logins", l);
        } else {
            m.put("logins", null);
        }
        m.put("failures", failures);
        m.put("report", report.toString());
        return new GateResult(m);
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(fields));
    }
}
