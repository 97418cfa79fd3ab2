package fichas.core.http;

/** Who may call a route. */
public enum Access {
    /** No token needed ({@code /health}, {@code /auth/login}). */
    PUBLIC,
    /** Any valid token. */
    USER,
    /** A valid token of an {@code admin}. */
    ADMIN,
    /**
     * No token for a caller on this machine (loopback peer, no forwarded non-loopback client: see
     * the router's local-caller rule); anyone else needs an {@code admin} token. For scrapers ({@code /metrics}).
     */
    LOCAL_OR_ADMIN
}
