package fichas.supervisor.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/** The supervisor's local control endpoint: always bound to loopback, on {@code FICHAS_CONTROL_PORT}. */
public record ControlConfig(int port) {
    public ControlConfig {
        Checks.between("FICHAS_CONTROL_PORT", port, 1, 65_535);
    }

    public static ControlConfig from(Settings s) {
        return new ControlConfig(s.integer("FICHAS_CONTROL_PORT", 9099));
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FICHAS_CONTROL_PORT", port);
        return m;
    }
}
