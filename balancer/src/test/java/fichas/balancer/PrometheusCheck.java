package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Checks Prometheus text as a scraper would: every sample belongs to a family with a # TYPE, no series twice. */
final class PrometheusCheck {
    private PrometheusCheck() {
    }

    static void assertWellFormed(String text) {
        Map<String, String> types = new HashMap<>();
        Set<String> series = new HashSet<>();
        int samples = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(parts).as(line).hasSize(4);
                assertThat(parts[3]).as(line).isIn("counter", "gauge", "histogram", "summary", "untyped");
                assertThat(types.put(parts[2], parts[3])).as("TYPE declared twice: " + line).isNull();
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples++;
            int space = line.lastIndexOf(' ');
            String key = line.substring(0, space);
            String value = line.substring(space + 1);
            assertThat(value).as(line).matches("-?[0-9.eE+-]+|NaN|[+-]Inf");
            assertThat(series.add(key)).as("series repeated: " + key).isTrue();
            String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
            assertThat(name).as(line).matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
            String family = types.containsKey(name) ? name : name.replaceFirst("_(bucket|sum|count)$", "");
            assertThat(types).as("no # TYPE before " + line).containsKey(family);
            if (!family.equals(name)) {
                assertThat(types.get(family)).as(line).isIn("histogram", "summary");
            }
        }
        assertThat(samples).isPositive();
    }
}
