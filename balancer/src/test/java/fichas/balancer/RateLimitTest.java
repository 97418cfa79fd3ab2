package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private Fixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void overTheBudgetAClientGets429JsonWithRetryAfterAndHealthHasItsOwnBudget() {
        f = new Fixture(1, Fixture.testConfig().rateLimitEnabled(true).rateLimitPerMinute(5)
                .rateLimitHealthPerMinute(8).build());
        for (int i = 0; i < 5; i++) {
            assertThat(f.get("/echo").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = f.get("/echo");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 12);
        assertThat(limited.body()).contains("\"code\":\"rate_limited\"");
        int hitsBefore = f.stub(0).hits.get();

        for (int i = 0; i < 8; i++) {
            assertThat(f.get("/health").statusCode()).isEqualTo(200);
        }
        assertThat(f.get("/health").statusCode()).isEqualTo(429);
        assertThat(f.stub(0).hits.get()).isEqualTo(hitsBefore);
        assertThat(f.balancer.snapshot().rateLimited()).isEqualTo(2);
    }

    @Test
    void disabledRateLimitLetsEverythingThrough() {
        f = new Fixture(1, Fixture.testConfig().rateLimitEnabled(false).rateLimitPerMinute(2).build());
        for (int i = 0; i < 20; i++) {
            assertThat(f.get("/echo").statusCode()).isEqualTo(200);
        }
        assertThat(f.balancer.snapshot().rateLimited()).isZero();
    }
}
