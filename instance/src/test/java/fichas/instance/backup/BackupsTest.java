package fichas.instance.backup;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.RunningInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backups directory: retention and what counts as a backup. */
class BackupsTest {
    @TempDir
    Path dataDir;

    @BeforeEach
    void aDatabase() {
        try (RunningInstance instance = RunningInstance.start(dataDir, Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "0"))) {
            assertThat(instance.port()).isPositive();
        }
    }

    @Test
    void retention_never_deletes_the_backup_just_taken_when_the_clock_was_set_back() {
        Instant now = Instant.parse("2026-12-08T12:00:00Z");
        BackupManifest earlier = at(now).create("manual");
        BackupManifest afterTheClockWentBack = at(now.minus(Duration.ofDays(2))).create("manual");

        Backups backups = at(now);
        assertThat(backups.prune(1, afterTheClockWentBack.name())).containsExactly(earlier.name());
        assertThat(backups.list()).extracting(BackupManifest::name).containsExactly(afterTheClockWentBack.name());
    }

    @Test
    void retention_counts_the_backup_just_taken_among_those_kept() {
        Instant now = Instant.parse("2026-12-08T12:00:00Z");
        BackupManifest first = at(now.minusSeconds(120)).create("manual");
        BackupManifest second = at(now.minusSeconds(60)).create("manual");
        BackupManifest third = at(now).create("manual");

        assertThat(at(now).prune(2, third.name())).containsExactly(first.name());
        assertThat(at(now).list()).extracting(BackupManifest::name).containsExactly(third.name(), second.name());
    }

    @Test
    void a_copied_backup_directory_is_not_taken_for_the_backup_its_manifest_names() throws IOException {
        Backups backups = at(Instant.parse("2026-12-08T12:00:00Z"));
        BackupManifest original = backups.create("manual");
        Path copy = Files.createDirectories(backups.dir().resolve("copia-manual"));
        for (String file : new String[] {"manifest.json", "fichas.db"}) {
            Files.copy(backups.dir().resolve(original.name()).resolve(file), copy.resolve(file));
        }

        assertThat(backups.list()).extracting(BackupManifest::name).containsExactly(original.name());
        assertThat(backups.find("copia-manual")).isEmpty();
        assertThat(backups.prune(1, original.name())).isEmpty();
        assertThat(backups.dir().resolve(original.name())).exists();
    }

    private Backups at(Instant instant) {
        return new Backups(dataDir, Clock.fixed(instant, ZoneOffset.UTC), Duration.ofSeconds(5), "test");
    }
}
