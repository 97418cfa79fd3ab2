package fichas.supervisor.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.supervisor.config.Durations;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The newest backup in {@code <data dir>/backups}, for the status table: its name and age, from the
 * {@code created_at} of each complete backup's {@code manifest.json} (the instance module writes them;
 * this reads only that one documented field). Never throws.
 */
public record LastBackup(String name, Instant createdAt) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Optional<LastBackup> in(Path dataDir) {
        Path dir = dataDir.resolve("backups");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        LastBackup newest = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Path manifest = entry.resolve("manifest.json");
                if (name.startsWith(".") || !Files.isRegularFile(manifest)) {
                    continue;
                }
                try {
                    JsonNode created = MAPPER.readTree(manifest.toFile()).get("created_at");
                    Instant at = Instant.parse(created.asText());
                    if (newest == null || at.isAfter(newest.createdAt)) {
                        newest = new LastBackup(name, at);
                    }
                } catch (IOException | RuntimeException e) {
                    // an unreadable manifest is not a backup
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(newest);
    }

    /** "last backup: backup-…Z, 2h 5m ago" or "last backup: none yet". */
    public static String line(Path dataDir, Clock clock) {
        return in(dataDir).map(b -> "last backup: " + b.name() + ", " + Durations.uptime(
                        Duration.between(b.createdAt(), clock.instant()).isNegative() ? Duration.ZERO
                                : Duration.between(b.createdAt(), clock.instant())) + " ago")
                .orElse("last backup: none yet (./start.sh backup takes one)");
    }
}
