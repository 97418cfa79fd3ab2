package fichas.supervisor.cli;

import fichas.core.config.Settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the admin's password is on an install, for tools that log in as the admin (the load tests): the setting
 * {@code FICHAS_ADMIN_PASSWORD} (environment or {@code -Dfichas.admin.password}), else the file the first start
 * wrote, {@code <data dir>/initial-admin-password}. Stateless.
 */
final class AdminPassword {
    static final String FILE = "initial-admin-password";

    private AdminPassword() {
    }

    /** The password, and where it came from ("FICHAS_ADMIN_PASSWORD" or the file's path); empty when neither has one. */
    static Optional<Found> find(Settings settings, Path dataDir) {
        Optional<String> set = settings.get("FICHAS_ADMIN_PASSWORD");
        if (set.isPresent()) {
            return Optional.of(new Found(set.get(), "FICHAS_ADMIN_PASSWORD"));
        }
        Path file = dataDir.resolve(FILE);
        try {
            String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
            return text.isEmpty() ? Optional.empty() : Optional.of(new Found(text, file.toString()));
        } catch (IOException e) {
            return Optional.empty(); // unreadable (another user's install): the caller says where it looked
        }
    }

    record Found(String password, String source) {
        @Override
        public String toString() {
            return "Found[password=****, source=" + source + "]";
        }
    }
}
