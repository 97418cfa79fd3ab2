package fichas.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import fichas.core.config.ConfigException;
import fichas.core.config.Settings;
import fichas.instance.config.InstanceConfig;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandbyRehearsalTest {
    /** What a supervised standby's environment looks like: the real system's port, data, database and backups. */
    private static final Map<String, String> SUPERVISED = Map.of(
            "FICHAS_PORT", "8000",
            "FICHAS_INSTANCE_ID", "8000",
            "FICHAS_DATA_DIR", "/var/lib/fichas-real",
            "FICHAS_DB_URL", "jdbc:postgresql://db.example:5432/fichas",
            "FICHAS_DB_PASSWORD", "real-secret",
            "FICHAS_BACKUP_INTERVAL_MINUTES", "60",
            "FICHAS_BACKUP_COPY_DIR", "/mnt/nas",
            "FICHAS_ALERT_WEBHOOK_URL", "http://chat.example/hook",
            "FICHAS_SUPERVISED", "true",
            "FICHAS_DB_READERS", "3");

    @Test
    void theRehearsalNeverReachesTheRealSystemsPortDatabaseBackupsOrWebhook(@TempDir Path scratch) {
        InstanceConfig config = InstanceConfig.from(StandbyRehearsal.settings(SUPERVISED, scratch, "pw-123456"));

        assertThat(config.server().port()).isZero();
        assertThat(config.server().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.store().isPostgres()).isFalse();
        assertThat(config.store().dataDir()).startsWith(scratch.toAbsolutePath());
        assertThat(config.lifecycle().logDir().toAbsolutePath().toString()).startsWith(scratch.toAbsolutePath().toString());
        assertThat(config.backup().scheduled()).isFalse();
        assertThat(config.backup().copyDir()).isEmpty();
        assertThat(config.alerts().webhookUrl()).isEmpty();
        assertThat(config.lifecycle().supervised()).isFalse();
        // the tuning of the real instances is kept: that is what gets warmed
        assertThat(config.store().readerPoolSize()).isEqualTo(3);
    }

    @Test
    void afterARehearsalTheInstanceThatTakesOverSendsTheCurrentDate(@TempDir Path dataDir) {
        StandbyRehearsal.run(Map.of(), 1, () -> false); // its server answers, then stops within the second

        try (RunningInstance instance = RunningInstance.start(dataDir)) {
            ApiClient client = instance.client();
            String first = client.get("/health").header("Date").orElseThrow();
            ZonedDateTime sent = ZonedDateTime.parse(first, DateTimeFormatter.RFC_1123_DATE_TIME);
            assertThat(Duration.between(sent.toInstant(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
            assertThat(first).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            // Undertow's own cache, filled by the rehearsal's server and never cleared, kept this value for good
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.get("/health").header("Date").orElseThrow().equals(first));
        }
    }

    @Test
    void aRehearsalStartsAnInstanceServesEveryRoundAndLeavesNothingBehind() {
        StandbyRehearsal.Result result = StandbyRehearsal.run(Map.of(), StandbyRehearsal.DEFAULT_ROUNDS, () -> false);

        // the login, then eight requests a round, every one answered 2xx (a failure would have thrown)
        assertThat(result.requests()).isEqualTo(1 + 8 * StandbyRehearsal.DEFAULT_ROUNDS);
        assertThat(Files.exists(result.scratch())).isFalse();
    }

    @Test
    void aTakeOverDuringTheRehearsalCutsItShort() {
        AtomicInteger asked = new AtomicInteger();
        // "not yet" when the rehearsal starts, "now" from the first round on
        StandbyRehearsal.Result result = StandbyRehearsal.run(Map.of(), 50, () -> asked.getAndIncrement() > 0);

        assertThat(result.requests()).isEqualTo(1);
        assertThat(Files.exists(result.scratch())).isFalse();
    }

    @Test
    void aTakeOverBeforeTheRehearsalSkipsItWhole() {
        StandbyRehearsal.Result result = StandbyRehearsal.run(Map.of(), 50, () -> true);

        assertThat(result.requests()).isZero();
        assertThat(Files.exists(result.scratch())).isFalse();
    }

    @Test
    void theRoundsSettingIsCheckedAndNamed() {
        assertThat(StandbyRehearsal.rounds(Settings.of(Map.of()))).isEqualTo(StandbyRehearsal.DEFAULT_ROUNDS);
        assertThat(StandbyRehearsal.rounds(Settings.of(Map.of("FICHAS_STANDBY_REHEARSAL_ROUNDS", "0")))).isZero();
        assertThatThrownBy(() -> StandbyRehearsal.rounds(Settings.of(Map.of("FICHAS_STANDBY_REHEARSAL_ROUNDS", "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_STANDBY_REHEARSAL_ROUNDS");
    }
}
