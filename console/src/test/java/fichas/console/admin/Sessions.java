package fichas.console.admin;

import fichas.balancer.StubBackend;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions of a system of stub instances, as their {@code GET /auth/me} reports them (docs/API.md): a
 * login adds a token and its {@code {"id","username","role"}}, a logout removes it. Every stub given to
 * {@link #servedBy} answers from the same sessions, as instances over one database do.
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> byToken = new ConcurrentHashMap<>();
    private final Map<String, Long> ids = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public Sessions servedBy(StubBackend... stubs) {
        for (StubBackend stub : stubs) {
            stub.sessions = byToken;
        }
        return this;
    }

    /** A new session of {@code username} (created with {@code role} on first use); returns its token. */
    public String login(String username, String role) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = ids.computeIfAbsent(username, u -> nextId.getAndIncrement());
        byToken.put(token, "{\"id\":" + id + ",\"username\":\"" + username + "\",\"role\":\"" + role + "\"}");
        return token;
    }

    /** As {@code POST /auth/logout}: the token is no session any more. */
    public void logout(String token) {
        byToken.remove(token);
    }
}
