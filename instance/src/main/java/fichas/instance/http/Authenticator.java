package fichas.instance.http;

import fichas.core.http.Principal;
import java.util.Optional;

/** Resolves a bearer token to its user; blocking (reads the shared database). */
@FunctionalInterface
public interface Authenticator {
    Optional<Principal> authenticate(String bearerToken);
}
