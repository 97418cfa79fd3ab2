package fichas.core.http;

import io.undertow.util.AttachmentKey;

/** The authenticated user of a request, attached to the exchange by the auth step. */
public record Principal(long userId, String username, Role role) {
    public static final AttachmentKey<Principal> KEY = AttachmentKey.create(Principal.class);

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
