package fichas.instance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import fichas.instance.InstanceServer;
import fichas.core.config.ConfigException;
import fichas.instance.config.InstanceConfig;
import fichas.core.config.Settings;
import fichas.instance.testing.FreePorts;
import fichas.instance.testing.RunningInstance;
import fichas.observability.alerts.Alert;
import fichas.observability.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled backups: one per interval across instances, retention, the copy directory, the alerts. */
class ScheduledBackupTest {
    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:10Z"));
    private final List<InstanceServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(InstanceServer::close);
    }

    @Test
    void three_instances_take_exactly_one_scheduled_backup_per_interval_and_keep_the_newest() {
        Map<String, String> env = Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "60", "FICHAS_BACKUP_KEEP", "2");
        for (int i = 0; i < 3; i++) {
            start(env);
        }
        Backups backups = servers.get(0).backups().backups();

        tickAll();
        await().atMost(Duration.ofSeconds(20)).until(() -> backups.list().size() == 1);
        tickAll();
        tickAll();
        assertThat(backups.list()).hasSize(1);
        assertThat(backups.list().get(0).trigger()).isEqualTo("scheduled");

        clock.advance(Duration.ofMinutes(61));
        tickAll();
        tickAll();
        await().atMost(Duration.ofSeconds(20)).until(() -> backups.list().size() == 2);

        clock.advance(Duration.ofMinutes(60));
        tickAll();
        await().atMost(Duration.ofSeconds(20)).until(() -> backups.list().get(0).created()
                .equals(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        assertThat(backups.list()).hasSize(2);
        assertThat(backups.list().get(1).created()).isEqualTo(Instant.parse("2026-12-06T11:01:10Z"));
    }

    @Test
    void a_copy_directory_that_fails_raises_an_alert_and_the_backup_still_counts() throws IOException {
        Path copyDir = dataDir.resolve("usb-disk");
        Files.writeString(copyDir, "not a directory");
        InstanceServer server = start(Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "0", "FICHAS_BACKUP_COPY_DIR",
                copyDir.toString()));

        BackupManifest first = server.backups().takeNow();

        assertThat(server.backups().backups().find(first.name())).isPresent();
        assertThat(activeRules(server)).contains(BackupService.COPY_FAILED);

        Files.delete(copyDir);
        Files.createDirectory(copyDir);
        BackupManifest second = server.backups().takeNow();

        assertThat(activeRules(server)).doesNotContain(BackupService.COPY_FAILED);
        Path archive = copyDir.resolve(second.name() + ".zip");
        assertThat(archive).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
    }

    @Test
    void an_alert_fires_when_the_newest_backup_is_older_than_twice_the_interval() {
        InstanceServer server = start(Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "30"));
        server.backups().checkAge();
        assertThat(activeRules(server)).doesNotContain(BackupService.STALE);

        clock.advance(Duration.ofMinutes(61));
        server.backups().checkAge();
        assertThat(activeRules(server)).contains(BackupService.STALE);

        server.backups().takeNow();
        server.backups().checkAge();
        assertThat(activeRules(server)).doesNotContain(BackupService.STALE);
    }

    @Test
    void backup_keys_are_validated_at_load_and_named_in_the_error() {
        assertThatThrownBy(() -> config(Map.of("FICHAS_BACKUP_KEEP", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_BACKUP_KEEP");
        assertThatThrownBy(() -> config(Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "-5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_BACKUP_INTERVAL_MINUTES");
        assertThatThrownBy(() -> config(Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "hourly")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_BACKUP_INTERVAL_MINUTES");
        assertThat(config(Map.of()).backup().interval()).isEqualTo(Duration.ofMinutes(60));
        assertThat(config(Map.of()).backup().keep()).isEqualTo(48);
        assertThat(config(Map.of()).backup().copyDir()).isEmpty();
    }

    private void tickAll() {
        CompletableFuture.allOf(servers.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.backups().tick())).toArray(CompletableFuture[]::new)).join();
    }

    private static List<String> activeRules(InstanceServer server) {
        return server.monitoring().alerts().active().stream().map(Alert::rule).toList();
    }

    private InstanceServer start(Map<String, String> overrides) {
        InstanceServer server = InstanceServer.start(config(overrides), clock);
        servers.add(server);
        return server;
    }

    private InstanceConfig config(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("FICHAS_PORT", Integer.toString(FreePorts.next()));
        env.put("FICHAS_DATA_DIR", dataDir.toString());
        env.put("FICHAS_LOG_DIR", dataDir.resolve("logs").toString());
        env.put("FICHAS_ADMIN_PASSWORD", RunningInstance.ADMIN_PASSWORD);
        env.put("FICHAS_PBKDF2_ITERATIONS", "1000");
        env.put("FICHAS_ACCESS_LOG", "false");
        env.putAll(overrides);
        Properties defaults = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return InstanceConfig.from(new Settings(defaults, env, new Properties()));
    }
}
