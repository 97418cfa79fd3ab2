package fichas.console.admin;

import fichas.core.http.ApiException;
import fichas.core.http.Router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks bearer tokens by asking an instance who they belong to ({@code GET /auth/me}, docs/API.md): the
 * console never reads the instances' database, so it works whatever storage they use (SQLite or PostgreSQL)
 * and whatever their schema becomes. {@code 200} gives the caller, {@code 401} means no valid session; any
 * other answer, a refused connection or no answer within {@link #TIMEOUT} moves on to the next instance, and
 * when none could answer the check is {@code 503}, never a wrong {@code 401}.
 *
 * <p>An answer (valid or not) is reused for {@code cacheTtl}, keyed by the SHA-256 of the token (the token
 * itself is not kept), so a logout, password change or deactivation ends a console session within that time.
 * Blocking (HTTP to an instance); call from a worker thread. Thread-safe.
 *
 * <p>Guessing is throttled per client address ({@link AuthFailureThrottle}): only a cache miss asks an
 * instance, so only a miss is checked against the throttle, and only a miss that finds no valid session is
 * counted as a failure. A token that a look-up found valid in the last {@link #KNOWN_VALID_FOR} skips the
 * throttle (a correct token is not a guess): the dashboard's token, re-read every {@code cacheTtl}, keeps
 * working even while someone behind the same address is throttled. A token never seen valid from a throttled
 * address gets 429 until the address's bucket has a token again.
 */
public final class TokenVerifier {
    private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long one instance may take to answer {@code GET /auth/me} before the next is asked. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How long a token found valid by a look-up skips the failure throttle. */
    static final Duration KNOWN_VALID_FOR = Duration.ofMinutes(10);

    /** Who a valid token belongs to. */
    public record Caller(long userId, String username, String role) {
        public boolean admin() {
            return "admin".equals(role);
        }
    }

    private final Supplier<List<URI>> instances;
    private final AuthFailureThrottle throttle;
    private final HttpClient http;
    private final Cache<String, Optional<Caller>> answers;
    /** Hashes of tokens a look-up found valid lately; only ever read to decide whether to throttle. */
    private final Cache<String, Boolean> knownValid;
    private final LongAdder lookUps = new LongAdder();

    /** Without a failure throttle; see {@link #TokenVerifier(Supplier, Duration, AuthFailureThrottle)}. */
    public TokenVerifier(Supplier<List<URI>> instances, Duration cacheTtl) {
        this(instances, cacheTtl, AuthFailureThrottle.off());
    }

    /**
     * @param instances the base URIs ({@code http://host:port}) of the instances to ask, healthy ones first;
     *                  asked in that order until one answers 200 or 401
     */
    public TokenVerifier(Supplier<List<URI>> instances, Duration cacheTtl, AuthFailureThrottle throttle) {
        this.instances = instances;
        this.throttle = throttle;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        this.answers = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
        this.knownValid = Caffeine.newBuilder().expireAfterWrite(KNOWN_VALID_FOR).maximumSize(10_000).build();
    }

    /**
     * The caller behind an {@code Authorization} header value, who must be an admin. Throws
     * {@link ApiException}: 401 without a valid bearer token, 403 for a valid token of another role,
     * 429 while {@code client} is throttled for failed look-ups, 503 when no instance could answer.
     * A missing or malformed header is 401 at no cost and is not counted.
     *
     * @param client the TCP peer address ({@link fichas.balancer.http.ClientAddress})
     */
    public Caller requireAdmin(String authorization, String client) {
        String token = Router.bearerToken(authorization);
        Caller caller = authenticate(token, client)
                .orElseThrow(() -> ApiException.unauthenticated("the token is invalid or has expired"));
        if (!caller.admin()) {
            throw ApiException.forbidden("this action needs the admin role");
        }
        return caller;
    }

    /**
     * The caller of a token that an instance knows as a valid session; 429 when the look-up is refused for
     * {@code client} (see the class comment), 503 when no instance could answer.
     */
    public Optional<Caller> authenticate(String token, String client) {
        String hash = sha256Hex(token);
        Optional<Caller> cached = answers.getIfPresent(hash);
        if (cached != null) {
            return cached;
        }
        if (knownValid.getIfPresent(hash) == null) {
            throttle.requireAllowed(client);
        }
        Optional<Caller> caller = lookUp(token);
        answers.put(hash, caller);
        if (caller.isPresent()) {
            knownValid.put(hash, Boolean.TRUE);
        } else {
            // A logged-out or expired token loses its pass at once: repeating it is a guess like any other.
            knownValid.invalidate(hash);
            throttle.recordFailure(client);
        }
        return caller;
    }

    /** Look-ups sent to the instances so far (cache misses); for the metrics and tests. */
    public long lookUps() {
        return lookUps.sum();
    }

    /** Requests refused with 429 by the failure throttle so far. */
    public long throttled() {
        return throttle.throttled();
    }

    private Optional<Caller> lookUp(String token) {
        lookUps.increment();
        List<URI> candidates = instances.get();
        String lastProblem = "no instance is configured";
        for (URI instance : candidates) {
            HttpRequest request = HttpRequest.newBuilder(instance.resolve("/auth/me")).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() == 401) {
                    return Optional.empty();
                }
                if (response.statusCode() == 200) {
                    return Optional.of(caller(response.body()));
                }
                lastProblem = instance.getAuthority() + " answered " + response.statusCode();
            } catch (IOException | IllegalArgumentException e) {
                lastProblem = instance.getAuthority() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("interrupted while checking the token", 1);
            }
            log.warn("token check: {}; asking the next instance", lastProblem);
        }
        throw ApiException.unavailable("no instance could check the token (" + lastProblem + ")", 5);
    }

    /** The body of {@code GET /auth/me}: {@code {"id": 1, "username": "admin", "role": "admin"}}. */
    private static Caller caller(String body) throws IOException {
        JsonNode me = JSON.readTree(body);
        if (me == null || !me.path("id").canConvertToLong() || !me.path("username").isTextual() || !me.path("role").isTextual()) {
            throw new IOException("GET /auth/me answered 200 without id, username and role");
        }
        return new Caller(me.get("id").asLong(), me.get("username").asText(), me.get("role").asText());
    }

    /** SHA-256 of the UTF-8 bytes, lower-case hex: the cache key, so that tokens are not kept in memory. */
    static String sha256Hex(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
