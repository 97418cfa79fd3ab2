package fichas.console.admin;

import fichas.core.http.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.balancer.StubBackend;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failed-token throttle as the verifier applies it: a real HTTP stand-in of {@code GET /auth/me}, a fake nanosecond clock. */
class AuthFailureThrottleTest {
    private static final String GUESSER = "10.0.0.66";
    private static final int PER_MINUTE = 3; // one failure back every 20 s

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Sessions db = new Sessions();
    private StubBackend instance;

    @BeforeEach
    void start() {
        instance = new StubBackend("i0");
        db.servedBy(instance);
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    private TokenVerifier verifier(Duration cacheTtl, AuthFailureThrottle throttle) {
        List<URI> instances = List.of(URI.create("http://127.0.0.1:" + instance.port()));
        return new TokenVerifier(() -> instances, cacheTtl, throttle);
    }

    private TokenVerifier throttledVerifier(Duration cacheTtl) {
        return verifier(cacheTtl, AuthFailureThrottle.perMinute(PER_MINUTE, 1000, nanos::get));
    }

    private static String randomToken() {
        return UUID.randomUUID().toString();
    }

    private static int status(TokenVerifier v, String token, String client) {
        try {
            v.requireAdmin(token == null ? null : "Bearer " + token, client);
            return 200;
        } catch (ApiException e) {
            return e.status();
        }
    }

    private void useUpTheBudget(TokenVerifier v, String client) {
        for (int i = 0; i < PER_MINUTE; i++) {
            assertThat(status(v, randomToken(), client)).isEqualTo(401);
        }
    }

    @Test
    void afterTheBudgetOfFailedLookUpsTheNextIsRefusedWith429AndReadsNothing() {
        TokenVerifier v = throttledVerifier(Duration.ofSeconds(5));
        useUpTheBudget(v, GUESSER);
        assertThat(v.lookUps()).isEqualTo(PER_MINUTE);

        assertThatThrownBy(() -> v.requireAdmin("Bearer " + randomToken(), GUESSER))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("rate_limited");
                    assertThat(e.retryAfterSeconds()).isEqualTo(20);
                });
        for (int i = 0; i < 50; i++) {
            assertThat(status(v, randomToken(), GUESSER)).isEqualTo(429);
        }
        assertThat(v.lookUps()).as("no look-up while throttled").isEqualTo(PER_MINUTE);
        assertThat(v.throttled()).isEqualTo(51);
    }

    @Test
    void theBucketRefillsEvenlySoAThrottledAddressGetsOneGuessPerRefill() {
        TokenVerifier v = throttledVerifier(Duration.ofSeconds(5));
        useUpTheBudget(v, GUESSER);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(19));
        assertThat(status(v, randomToken(), GUESSER)).isEqualTo(429);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(status(v, randomToken(), GUESSER)).isEqualTo(401);
        assertThat(status(v, randomToken(), GUESSER)).isEqualTo(429);
        assertThat(v.lookUps()).isEqualTo(PER_MINUTE + 1);
    }

    @Test
    void anotherAddressIsNotAffected() {
        TokenVerifier v = throttledVerifier(Duration.ofSeconds(5));
        String admin = db.login("admin", "admin");
        useUpTheBudget(v, GUESSER);

        assertThat(status(v, randomToken(), "10.0.0.2")).isEqualTo(401);
        assertThat(status(v, admin, "10.0.0.3")).isEqualTo(200);
    }

    @Test
    void aCachedValidTokenPassesWhileItsAddressIsThrottled() {
        TokenVerifier v = throttledVerifier(Duration.ofMinutes(1));
        String admin = db.login("admin", "admin");
        assertThat(status(v, admin, GUESSER)).isEqualTo(200);
        useUpTheBudget(v, GUESSER);

        assertThat(status(v, admin, GUESSER)).isEqualTo(200);
    }

    @Test
    void aTokenFoundValidBeforeSkipsTheThrottleAfterItsCachedLookUpExpires() {
        TokenVerifier v = throttledVerifier(Duration.ZERO); // every check asks the instance
        String admin = db.login("admin", "admin");
        assertThat(status(v, admin, GUESSER)).isEqualTo(200);
        useUpTheBudget(v, GUESSER);
        long before = v.lookUps();

        for (int i = 0; i < 10; i++) {
            assertThat(status(v, admin, GUESSER)).as("a correct token is not a guess").isEqualTo(200);
        }
        assertThat(v.lookUps()).isEqualTo(before + 10);
    }

    @Test
    void aTokenNeverSeenValidFromAThrottledAddressWaitsForTheRefill() {
        TokenVerifier v = throttledVerifier(Duration.ofSeconds(5));
        useUpTheBudget(v, GUESSER);
        String fresh = db.login("admin", "admin");

        assertThat(status(v, fresh, GUESSER)).isEqualTo(429);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(20));
        assertThat(status(v, fresh, GUESSER)).isEqualTo(200);
    }

    @Test
    void successesForbiddenRolesAndMissingHeadersTakeNothingFromTheBudget() {
        TokenVerifier v = throttledVerifier(Duration.ZERO);
        String admin = db.login("admin", "admin");
        String operator = db.login("maria", "operador");
        for (int i = 0; i < 10; i++) {
            assertThat(status(v, admin, GUESSER)).isEqualTo(200);
            assertThat(status(v, operator, GUESSER)).isEqualTo(403);
            assertThat(status(v, null, GUESSER)).isEqualTo(401);
        }

        useUpTheBudget(v, GUESSER);
        assertThat(status(v, randomToken(), GUESSER)).isEqualTo(429);
    }

    @Test
    void aLoggedOutTokenLosesItsPassAfterOneFailedLookUp() {
        TokenVerifier v = throttledVerifier(Duration.ZERO);
        String admin = db.login("admin", "admin");
        assertThat(status(v, admin, GUESSER)).isEqualTo(200);
        db.logout(admin);
        useUpTheBudget(v, GUESSER);

        assertThat(status(v, admin, GUESSER)).as("still known valid: looked up once").isEqualTo(401);
        assertThat(status(v, admin, GUESSER)).as("now a guess like any other").isEqualTo(429);
    }

    @Test
    void turnedOffItNeverRefuses() {
        TokenVerifier v = verifier(Duration.ofSeconds(5), AuthFailureThrottle.off());
        for (int i = 0; i < 100; i++) {
            assertThat(status(v, randomToken(), GUESSER)).isEqualTo(401);
        }
        assertThat(v.lookUps()).isEqualTo(100);
        assertThat(v.throttled()).isZero();
    }

    @Test
    void aBudgetBelowOneIsRefused() {
        assertThatThrownBy(() -> AuthFailureThrottle.perMinute(0, 1000, nanos::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("failuresPerMinute must be at least 1, but was 0");
    }
}
