package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceConfigTest {
    @TempDir
    Path dataDir;

    private InstanceConfig load(Map<String, String> env, Properties system) throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        }
        Map<String, String> all = new HashMap<>(Map.of("FICHAS_DATA_DIR", dataDir.toString()));
        all.putAll(env);
        return InstanceConfig.from(new Settings(defaults, all, system));
    }

    private InstanceConfig load(Map<String, String> env) throws IOException {
        return load(env, new Properties());
    }

    @Test
    void the_defaults_are_port_8000_on_loopback_with_the_port_as_id() throws IOException {
        InstanceConfig config = load(Map.of());

        assertThat(config.server().port()).isEqualTo(8000);
        assertThat(config.server().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.server().instanceId()).isEqualTo("8000");
        assertThat(config.store().databaseFile()).isEqualTo(dataDir.toAbsolutePath().resolve("fichas.db"));
        assertThat(config.server().timeZone().getId()).isEqualTo("America/Sao_Paulo");
        assertThat(config.auth().initialAdminPassword()).isEmpty();
    }

    @Test
    void environment_overrides_defaults_and_system_properties_override_both() throws IOException {
        Properties system = new Properties();
        system.setProperty("fichas.instance.id", "from-d");

        InstanceConfig config = load(Map.of("FICHAS_PORT", "8002", "FICHAS_INSTANCE_ID", "from-env"), system);

        assertThat(config.server().port()).isEqualTo(8002);
        assertThat(config.server().instanceId()).isEqualTo("from-d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"65536", "70000", "-1"})
    void an_impossible_port_is_refused_naming_the_key(String port) {
        assertThatThrownBy(() -> load(Map.of("FICHAS_PORT", port)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FICHAS_PORT must be between 0 and 65535, but was " + port);
    }

    @Test
    void port_0_is_accepted_and_a_defaulted_id_follows_the_port_really_bound() throws IOException {
        InstanceConfig any = load(Map.of("FICHAS_PORT", "0"));
        assertThat(any.server().port()).isZero();

        InstanceConfig bound = any.withBoundPort(41234);
        assertThat(bound.server().port()).isEqualTo(41234);
        assertThat(bound.server().instanceId()).isEqualTo("41234");
        assertThat(bound.describe()).containsEntry("FICHAS_PORT", 41234).containsEntry("FICHAS_INSTANCE_ID", "41234");
        assertThat(load(Map.of("FICHAS_PORT", "0", "FICHAS_INSTANCE_ID", "named")).withBoundPort(41234).server()
                .instanceId()).isEqualTo("named");
        assertThat(load(Map.of("FICHAS_PORT", "8002")).withBoundPort(8002)).isEqualTo(load(Map.of("FICHAS_PORT", "8002")));
    }

    @Test
    void a_port_that_is_not_a_number_is_refused_naming_the_key() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_PORT", "eighty")))
                .hasMessage("FICHAS_PORT must be an integer, but was 'eighty'");
    }

    @Test
    void an_unwritable_data_dir_is_refused_naming_the_key() throws IOException {
        Path file = Files.writeString(dataDir.resolve("a-file"), "x");

        assertThatThrownBy(() -> load(Map.of("FICHAS_DATA_DIR", file.resolve("sub").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("FICHAS_DATA_DIR must be a writable directory");
    }

    @Test
    void bad_booleans_zones_and_short_admin_passwords_are_refused() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_ACCESS_LOG", "maybe"))).hasMessageContaining("FICHAS_ACCESS_LOG");
        assertThatThrownBy(() -> load(Map.of("FICHAS_TIME_ZONE", "Mars/Base"))).hasMessageContaining("FICHAS_TIME_ZONE");
        assertThatThrownBy(() -> load(Map.of("FICHAS_ADMIN_PASSWORD", "short")))
                .hasMessageContaining("FICHAS_ADMIN_PASSWORD");
    }

    @Test
    void a_metrics_token_too_short_or_with_spaces_is_refused_naming_its_key() throws IOException {
        assertThatThrownBy(() -> load(Map.of("FICHAS_METRICS_TOKEN", "short")))
                .hasMessage("FICHAS_METRICS_TOKEN must be at least 16 characters, but has 5");
        assertThatThrownBy(() -> load(Map.of("FICHAS_METRICS_TOKEN", "a token with spaces in it")))
                .hasMessage("FICHAS_METRICS_TOKEN must be printable ASCII without spaces");
        assertThat(load(Map.of()).monitoring().metricsToken()).isEmpty();
    }

    @Test
    void the_printed_configuration_masks_the_admin_password() throws IOException {
        InstanceConfig config = load(Map.of("FICHAS_ADMIN_PASSWORD", "super-secret-77"));

        assertThat(config.describe().toString()).doesNotContain("super-secret-77").contains("FICHAS_ADMIN_PASSWORD=******");
        assertThat(config.toString()).doesNotContain("super-secret-77");
        assertThat(config.auth().initialAdminPassword().orElseThrow().reveal()).isEqualTo("super-secret-77");
    }
}
