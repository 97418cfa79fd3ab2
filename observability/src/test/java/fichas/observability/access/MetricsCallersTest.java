package fichas.observability.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsCallersTest {
    private static final String TOKEN = "s3cr3t-metrics-token-0123";

    @Test
    void theTokenAsABearerIsAccepted() {
        MetricsCallers callers = MetricsCallers.localOr(TOKEN);
        assertThat(callers.presentsToken("Bearer " + TOKEN)).isTrue();
        assertThat(callers.presentsToken("bearer  " + TOKEN + " ")).as("scheme case and spaces as RFC 6750 allows").isTrue();
        assertThat(callers.presentsToken(MetricsCallers.authorization(TOKEN))).isTrue();
    }

    @Test
    void anythingElseIsNot() {
        MetricsCallers callers = MetricsCallers.localOr(TOKEN);
        for (String header : new String[] {null, "", "Bearer", "Bearer ", TOKEN, "Basic " + TOKEN,
                "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1)}) {
            assertThat(callers.presentsToken(header)).as(String.valueOf(header)).isFalse();
        }
    }

    @Test
    void withoutATokenOnlyLocalCallersPass() {
        assertThat(MetricsCallers.localOr(null).presentsToken("Bearer " + TOKEN)).isFalse();
        assertThat(MetricsCallers.localOr("").presentsToken("Bearer ")).isFalse();
        assertThat(MetricsCallers.localOnly().presentsToken("Bearer " + TOKEN)).isFalse();
    }

    @Test
    void aTokenMustBeLongAndPrintable() {
        assertThat(MetricsCallers.problem(TOKEN)).isNull();
        assertThat(MetricsCallers.problem("short")).isEqualTo("must be at least 16 characters, but has 5");
        assertThat(MetricsCallers.problem("with a space inside it")).isEqualTo("must be printable ASCII without spaces");
        assertThat(MetricsCallers.problem("tab\tinside-the-token")).isEqualTo("must be printable ASCII without spaces");
    }
}
