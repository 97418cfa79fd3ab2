package fichas.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
    private static boolean match(String template, String path, Map<String, String> captured) {
        return PathTemplate.match(PathTemplate.segments(template), PathTemplate.segments(path), captured);
    }

    @Test
    void aNamedSegmentCapturesAnyValue() {
        Map<String, String> captured = new HashMap<>();
        assertThat(match("/clientes/{id}", "/clientes/abc", captured)).isTrue();
        assertThat(captured).containsEntry("id", "abc");
        assertThat(match("/clientes/{id}", "/clientes/1/x", new HashMap<>())).isFalse();
    }

    @Test
    void aConstrainedSegmentCapturesOnlyWhatItsPatternMatchesWhole() {
        Map<String, String> captured = new HashMap<>();
        assertThat(match("/alerts/{id:[0-9]{1,18}}/resolve", "/alerts/42/resolve", captured)).isTrue();
        assertThat(captured).containsEntry("id", "42");
        assertThat(match("/alerts/{id:[0-9]{1,18}}/resolve", "/alerts/4x/resolve", new HashMap<>())).isFalse();
        assertThat(match("/alerts/{id:[0-9]{1,18}}/resolve", "/alerts/" + "9".repeat(19) + "/resolve",
                new HashMap<>())).isFalse();
    }
}
