package fichas.balancer.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    @Test
    void errorBodiesEscapeJson() {
        assertThat(ErrorResponses.body("unavailable", "a \"quoted\"\\ line\n", "id-1"))
                .isEqualTo("{\"error\":{\"code\":\"unavailable\",\"message\":\"a \\\"quoted\\\"\\\\ line\\n\",\"request_id\":\"id-1\"}}");
    }
}
