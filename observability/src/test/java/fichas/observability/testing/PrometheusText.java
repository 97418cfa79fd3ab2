package fichas.observability.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A strict little parser of the Prometheus text format 0.0.4, for tests: it rejects a sample whose
 * metric has no {@code # TYPE}, a family typed twice, a series (name + labels) given twice, and
 * any line it cannot read. Shared by the instance's and the balancer's tests.
 */
public final class PrometheusText {
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, Double> series = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public static PrometheusText parse(String text) {
        PrometheusText out = new PrometheusText();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.line(line);
            } catch (RuntimeException e) {
                throw new AssertionError("line " + lineNumber + " '" + line + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    private void line(String line) {
        if (line.startsWith("# TYPE ")) {
            String[] parts = line.substring(7).split(" ");
            if (parts.length != 2 || !parts[1].matches("counter|gauge|summary|histogram|untyped")) {
                throw new IllegalArgumentException("bad TYPE line");
            }
            if (types.put(parts[0], parts[1]) != null) {
                throw new IllegalArgumentException("family " + parts[0] + " typed twice");
            }
            return;
        }
        if (line.startsWith("#")) {
            return;
        }
        int at = 0;
        while (at < line.length() && (Character.isLetterOrDigit(line.charAt(at)) || line.charAt(at) == '_'
                || line.charAt(at) == ':')) {
            at++;
        }
        String name = line.substring(0, at);
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("bad metric name '" + name + "'");
        }
        Map<String, String> labels = new TreeMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at = labels(line, at + 1, labels);
        }
        if (at >= line.length() || line.charAt(at) != ' ') {
            throw new IllegalArgumentException("no value");
        }
        String[] rest = line.substring(at + 1).trim().split(" ");
        double value = number(rest[0]);
        if (family(name).isEmpty()) {
            throw new IllegalArgumentException("sample " + name + " has no # TYPE");
        }
        String key = name + labels;
        if (series.put(key, value) != null) {
            throw new IllegalArgumentException("series " + key + " appears twice");
        }
        samples.add(new Sample(name, labels, value));
    }

    private static int labels(String line, int at, Map<String, String> labels) {
        while (line.charAt(at) != '}') {
            int eq = line.indexOf('=', at);
            String label = line.substring(at, eq);
            if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*") || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("bad label '" + label + "'");
            }
            StringBuilder value = new StringBuilder();
            int i = eq + 2;
            for (; line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    char next = line.charAt(++i);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            if (labels.put(label, value.toString()) != null) {
                throw new IllegalArgumentException("label " + label + " twice");
            }
            at = i + 1;
            if (line.charAt(at) == ',') {
                at++;
            }
        }
        return at + 1;
    }

    private static double number(String raw) {
        return switch (raw) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(raw);
        };
    }

    /** The TYPE'd family of a sample: its own name, or its name less _count/_sum/_bucket of a summary or histogram. */
    private Optional<String> family(String sample) {
        if (types.containsKey(sample)) {
            return Optional.of(sample);
        }
        for (String suffix : List.of("_count", "_sum", "_bucket")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(base);
                if ("summary".equals(type) || "histogram".equals(type)) {
                    return Optional.of(base);
                }
            }
        }
        return Optional.empty();
    }

    public Map<String, String> types() {
        return types;
    }

    /** Every sample, in the order of the text. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the one series {@code name} whose labels include {@code labels}. */
    public Optional<Double> value(String name, Map<String, String> labels) {
        Map<String, Double> found = new HashMap<>();
        for (Sample sample : samples(name)) {
            if (sample.labels().entrySet().containsAll(labels.entrySet())) {
                found.put(sample.labels().toString(), sample.value());
            }
        }
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " series of " + name + " match " + labels);
        }
        return found.values().stream().findFirst();
    }
}
