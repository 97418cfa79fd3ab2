package fichas.instance.auth;

import fichas.observability.files.OwnerOnly;
import fichas.core.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: creates the {@code admin} user. With {@code FICHAS_ADMIN_PASSWORD} set, that is its
 * password; otherwise a random one is generated and written to {@code <data dir>/initial-admin-password}
 * (owner-only), and only the file's location is logged. The file is written before the user row
 * and renamed into place after it, so a crash between the two never loses the password.
 */
public final class InitialAdmin {
    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private InitialAdmin() {
    }

    public static void ensure(AuthService auth, Optional<Secret> configured, Path dataDir) {
        if (auth.adminExists()) {
            return;
        }
        if (configured.isPresent()) {
            if (auth.createAdminIfMissing(configured.get().reveal())) {
                log.info("user admin created with the password from FICHAS_ADMIN_PASSWORD");
            }
            return;
        }
        String password = randomPassword();
        Path target = dataDir.resolve("initial-admin-password");
        Path temp = dataDir.resolve("initial-admin-password." + ProcessHandle.current().pid() + ".tmp");
        writeOwnerOnly(temp, password);
        try {
            if (auth.createAdminIfMissing(password)) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                log.warn("user admin created with a generated password, written to {} (readable by its owner only)",
                        target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the initial admin password into " + target, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            OwnerOnly.writeString(file, content + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial admin password to " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", file, e.getMessage());
        }
    }
}
