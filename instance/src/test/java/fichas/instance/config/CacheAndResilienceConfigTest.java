package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheAndResilienceConfigTest {
    @TempDir
    Path dataDir;

    private InstanceConfig load(Map<String, String> env) throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        }
        Map<String, String> all = new HashMap<>(Map.of("FICHAS_DATA_DIR", dataDir.toString()));
        all.putAll(env);
        return InstanceConfig.from(new Settings(defaults, all, new Properties()));
    }

    @Test
    void the_defaults_are_those_of_the_original_system_and_the_issue() throws IOException {
        InstanceConfig config = load(Map.of());

        assertThat(config.cache().enabled()).isTrue();
        assertThat(config.cache().clientesTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.cache().listsTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.resilience().slowQuery()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.resilience().circuitOpen()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.describe()).containsEntry("FICHAS_CACHE_LISTS_TTL_S", 120L)
                .containsEntry("FICHAS_DB_SLOW_QUERY_MS", 500L);
    }

    @ParameterizedTest
    @CsvSource({
            "FICHAS_CACHE_LIST_PAGES, 0, 'FICHAS_CACHE_LIST_PAGES must be between 1 and 100, but was 0'",
            "FICHAS_CACHE_CLIENTES_TTL_S, 0, 'FICHAS_CACHE_CLIENTES_TTL_S must be ≥ 1, but was 0'",
            "FICHAS_CACHE_CHANGE_LOG_RETENTION_S, 30, 'FICHAS_CACHE_CHANGE_LOG_RETENTION_S must be ≥ 60, but was 30'",
            "FICHAS_DB_CIRCUIT_FAILURE_RATE, 101, 'FICHAS_DB_CIRCUIT_FAILURE_RATE must be between 1 and 100, but was 101'",
            "FICHAS_DB_READ_CONCURRENCY, 0, 'FICHAS_DB_READ_CONCURRENCY must be between 1 and 1024, but was 0'",
            "FICHAS_DB_SLOW_QUERY_MS, 0, 'FICHAS_DB_SLOW_QUERY_MS must be ≥ 1, but was 0'",
            "FICHAS_CACHE_ENABLED, maybe, 'FICHAS_CACHE_ENABLED must be true or false, but was ''maybe'''"
    })
    void an_impossible_value_is_refused_at_load_naming_its_key(String key, String value, String message) {
        assertThatThrownBy(() -> load(Map.of(key, value))).isInstanceOf(ConfigException.class).hasMessage(message);
    }
}
