package fichas.instance.http;

/** Who may call a route. */
public enum Access {
    /** No token needed ({@code /health}, {@code /auth/login}). */
    PUBLIC,
    /** Any valid token. */
    USER,
    /** A valid token of an {@code admin}. */
    ADMIN
}
