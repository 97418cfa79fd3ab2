package fichas.core.http;

import io.undertow.server.HttpServerExchange;
import java.util.Optional;

/**
 * Resolves a bearer token to its user; empty when the token is unknown or expired. May block (the instance
 * reads the shared database); may throw an {@link ApiException} of its own (the admin console's 429 for a
 * throttled address, 503 when it cannot check).
 */
@FunctionalInterface
public interface Authenticator {
    Optional<Principal> authenticate(String bearerToken, HttpServerExchange exchange);
}
