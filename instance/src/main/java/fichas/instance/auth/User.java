package fichas.instance.auth;

/** A user as the API shows it: never any password material. */
public record User(long id, String username, String role, String createdAt, String updatedAt, long version) {
}
