package fichas.console.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.balancer.StubBackend;
import fichas.core.http.ApiException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token checks against real HTTP stand-ins of the instances' {@code GET /auth/me}. */
class TokenVerifierTest {
    private static final String CLIENT = "10.0.0.1";

    private final Sessions sessions = new Sessions();
    private StubBackend first;
    private StubBackend second;
    private List<URI> instances;

    @BeforeEach
    void start() {
        first = new StubBackend("i0");
        second = new StubBackend("i1");
        sessions.servedBy(first, second);
        instances = new ArrayList<>(List.of(uri(first), uri(second)));
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    private static URI uri(StubBackend stub) {
        return URI.create("http://127.0.0.1:" + stub.port());
    }

    private TokenVerifier verifier(Duration cacheTtl) {
        return new TokenVerifier(() -> instances, cacheTtl);
    }

    @Test
    void anAdminSessionIsAcceptedAsTheInstanceReportsIt() {
        String token = sessions.login("admin", "admin");

        TokenVerifier.Caller caller = verifier(Duration.ofSeconds(5)).requireAdmin("Bearer " + token, CLIENT);

        assertThat(caller.username()).isEqualTo("admin");
        assertThat(caller.userId()).isEqualTo(1);
        assertThat(caller.admin()).isTrue();
        assertThat(first.authMeHits.get()).as("the first instance answered").isEqualTo(1);
        assertThat(second.authMeHits.get()).isZero();
    }

    @Test
    void anOperatorIsAuthenticatedButForbidden() {
        String token = sessions.login("maria", "operador");

        assertThatThrownBy(() -> verifier(Duration.ofSeconds(5)).requireAdmin("Bearer " + token, CLIENT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void anUnknownMissingOrMalformedTokenIsUnauthenticatedAndOnlyAWellFormedOneIsAsked() {
        TokenVerifier v = verifier(Duration.ofSeconds(5));

        for (String header : new String[] {null, "", "Bearer", "Basic YWRtaW46eA==", "Bearer not-a-session"}) {
            assertThatThrownBy(() -> v.requireAdmin(header, CLIENT)).as(String.valueOf(header))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThat(v.lookUps()).isEqualTo(1);
        assertThat(second.authMeHits.get()).as("a 401 is an answer: the next instance is not asked").isZero();
    }

    @Test
    void aLoggedOutTokenFailsOnceTheCachedAnswerExpires() {
        String token = sessions.login("admin", "admin");
        TokenVerifier uncached = verifier(Duration.ZERO);
        TokenVerifier cached = verifier(Duration.ofMinutes(10));
        assertThat(uncached.authenticate(token, CLIENT)).isPresent();
        assertThat(cached.authenticate(token, CLIENT)).isPresent();

        sessions.logout(token);

        assertThat(uncached.authenticate(token, CLIENT)).as("no caching: asked again").isEmpty();
        assertThat(cached.authenticate(token, CLIENT)).as("within the cache time: the answer is reused").isPresent();
    }

    @Test
    void aCachedAnswerIsReusedWithoutAskingAgain() {
        String token = sessions.login("admin", "admin");
        TokenVerifier v = verifier(Duration.ofMinutes(1));

        assertThat(v.authenticate(token, CLIENT)).isPresent();
        assertThat(v.authenticate(token, CLIENT)).isPresent();
        assertThat(v.authenticate(token, CLIENT)).isPresent();

        assertThat(v.lookUps()).isEqualTo(1);
        assertThat(first.authMeHits.get() + second.authMeHits.get()).isEqualTo(1);
    }

    @Test
    void anInstanceThatCannotAnswerIsSkippedForTheNext() {
        String token = sessions.login("admin", "admin");
        first.mode(StubBackend.Mode.UNAVAILABLE);

        assertThat(verifier(Duration.ZERO).authenticate(token, CLIENT)).isPresent();
        assertThat(first.authMeHits.get()).isEqualTo(1);
        assertThat(second.authMeHits.get()).isEqualTo(1);

        first.close(); // connection refused
        assertThat(verifier(Duration.ZERO).authenticate(token, CLIENT)).isPresent();
        assertThat(second.authMeHits.get()).isEqualTo(2);
    }

    @Test
    void whenNoInstanceCanAnswerTheCheckIs503NotA401() {
        String token = sessions.login("admin", "admin");
        first.mode(StubBackend.Mode.ERROR_5XX);
        second.mode(StubBackend.Mode.UNAVAILABLE);

        assertThatThrownBy(() -> verifier(Duration.ZERO).requireAdmin("Bearer " + token, CLIENT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfterSeconds()).isPositive();
                    assertThat(e.getMessage()).contains("answered 503");
                });

        instances.clear();
        assertThatThrownBy(() -> verifier(Duration.ZERO).requireAdmin("Bearer " + token, CLIENT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void aFailedCheckIsNotCached() {
        String token = sessions.login("admin", "admin");
        first.mode(StubBackend.Mode.UNAVAILABLE);
        second.mode(StubBackend.Mode.UNAVAILABLE);
        TokenVerifier v = verifier(Duration.ofMinutes(10));
        assertThatThrownBy(() -> v.authenticate(token, CLIENT)).isInstanceOf(ApiException.class);

        second.mode(StubBackend.Mode.OK);
        assertThat(v.authenticate(token, CLIENT)).isPresent();
    }

    @Test
    void aHungInstanceCostsAtMostTheTimeoutBeforeTheNextIsAsked() {
        String token = sessions.login("admin", "admin");
        first.mode(StubBackend.Mode.HANG);

        long start = System.nanoTime();
        assertThat(verifier(Duration.ZERO).authenticate(token, CLIENT)).isPresent();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isGreaterThanOrEqualTo(TokenVerifier.TIMEOUT).isLessThan(TokenVerifier.TIMEOUT.multipliedBy(3));
        assertThat(second.authMeHits.get()).isEqualTo(1);
    }
}
