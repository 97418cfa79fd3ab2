package fichas.console.admin;

import fichas.core.http.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.observability.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String CLIENT = "10.0.0.1";

    @TempDir
    Path dir;
    private TokenVerifier verifier;

    private TokenVerifier verifier(Path database, Duration cacheTtl, Instant now) {
        verifier = new TokenVerifier(database, cacheTtl, Clock.fixed(now, ZoneOffset.UTC));
        return verifier;
    }

    @AfterEach
    void close() {
        if (verifier != null) {
            verifier.close();
        }
    }

    @Test
    void anAdminSessionWrittenAsTheInstanceWritesItIsAccepted() {
        SessionsDatabase db = new SessionsDatabase(dir);
        String token = db.login("admin", "admin", NOW, Duration.ofHours(12));

        TokenVerifier.Caller caller = verifier(db.file, Duration.ofSeconds(5), NOW)
                .requireAdmin("Bearer " + token, CLIENT);

        assertThat(caller.username()).isEqualTo("admin");
        assertThat(caller.admin()).isTrue();
    }

    @Test
    void anOperatorIsAuthenticatedButForbidden() {
        SessionsDatabase db = new SessionsDatabase(dir);
        String token = db.login("maria", "operador", NOW, Duration.ofHours(12));

        assertThatThrownBy(() -> verifier(db.file, Duration.ofSeconds(5), NOW).requireAdmin("Bearer " + token, CLIENT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void anUnknownMissingOrMalformedTokenIsUnauthenticated() {
        SessionsDatabase db = new SessionsDatabase(dir);
        TokenVerifier v = verifier(db.file, Duration.ofSeconds(5), NOW);

        for (String header : new String[] {null, "", "Bearer", "Basic YWRtaW46eA==", "Bearer not-a-session"}) {
            assertThatThrownBy(() -> v.requireAdmin(header, CLIENT)).as(String.valueOf(header))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void aSessionStopsCountingAtItsExpiryEvenWhileCached() {
        SessionsDatabase db = new SessionsDatabase(dir);
        String token = db.login("admin", "admin", NOW, Duration.ofHours(12));
        MutableClock clock = new MutableClock(NOW.plus(Duration.ofHours(12)).minusSeconds(1));
        verifier = new TokenVerifier(db.file, Duration.ofMinutes(10), clock);

        assertThat(verifier.authenticate(token, CLIENT)).isPresent();
        clock.set(NOW.plus(Duration.ofHours(12))); // expires_at <= now: the instance's rule
        assertThat(verifier.authenticate(token, CLIENT)).isEmpty();
    }

    @Test
    void aLoggedOutTokenFailsOnceTheCachedLookUpExpires() {
        SessionsDatabase db = new SessionsDatabase(dir);
        String token = db.login("admin", "admin", NOW, Duration.ofHours(12));
        TokenVerifier v = verifier(db.file, Duration.ZERO, NOW); // no caching: each check reads the database

        assertThat(v.authenticate(token, CLIENT)).isPresent();
        db.logout(token);
        assertThat(v.authenticate(token, CLIENT)).isEmpty();
    }

    @Test
    void aLogoutEndsACachedTokenAtOnce() {
        SessionsDatabase db = new SessionsDatabase(dir);
        String token = db.login("admin", "admin", NOW, Duration.ofHours(12));
        TokenVerifier v = verifier(db.file, Duration.ofMinutes(10), NOW);

        assertThat(v.authenticate(token, CLIENT)).isPresent();
        db.logout(token);
        assertThat(v.authenticate(token, CLIENT)).as("the database changed: the cached look-up is dropped").isEmpty();
    }

    @Test
    void whileTheDatabaseIsUnchangedALookUpIsReusedWithoutReadingTheSessions() {
        SessionsDatabase db = new SessionsDatabase(dir);
        String token = db.login("admin", "admin", NOW, Duration.ofHours(12));
        TokenVerifier v = verifier(db.file, Duration.ofMinutes(1), NOW);

        assertThat(v.authenticate(token, CLIENT)).isPresent();
        long lookUps = v.lookUps();
        assertThat(v.authenticate(token, CLIENT)).isPresent();
        assertThat(v.authenticate(token, CLIENT)).isPresent();
        assertThat(v.lookUps()).isEqualTo(lookUps);

        db.login("maria", "operador", NOW, Duration.ofHours(12));
        assertThat(v.authenticate(token, CLIENT)).isPresent();
        assertThat(v.lookUps()).as("another commit: looked up again").isEqualTo(lookUps + 1);
    }

    @Test
    void noDatabaseConfiguredOrAnUnreadableOneIsUnavailable() {
        assertThatThrownBy(() -> verifier(null, Duration.ofSeconds(5), NOW).requireAdmin("Bearer x", CLIENT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        verifier.close();

        Path missing = dir.resolve("not-there.db");
        assertThatThrownBy(() -> verifier(missing, Duration.ofSeconds(5), NOW).requireAdmin("Bearer x", CLIENT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(Files.exists(missing)).as("read-only: never creates the file").isFalse();
    }

    @Test
    void theTokenHashIsTheLowerCaseHexSha256ThatTheInstanceStores() {
        assertThat(TokenVerifier.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
