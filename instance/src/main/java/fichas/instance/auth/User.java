package fichas.instance.auth;

/** A user as the API shows it: never any password material. An inactive user cannot log in. */
public record User(long id, String username, String role, boolean active, String createdAt, String updatedAt,
                   long version) {
}
