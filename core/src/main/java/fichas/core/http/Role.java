package fichas.core.http;

import java.util.Locale;
import java.util.Optional;

/** API.md roles: {@code admin} may do everything; {@code operador} all data routes but the admin ones. */
public enum Role {
    ADMIN, OPERADOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String wire) {
        for (Role role : values()) {
            if (role.wireName().equals(wire)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
