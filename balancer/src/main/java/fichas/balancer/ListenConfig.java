package fichas.balancer;

import fichas.core.config.Checks;
import fichas.core.config.ConfigException;
import fichas.core.config.Settings;

/**
 * Where the balancer listens. The port is checked here and only here.
 *
 * @param port        FICHAS_BALANCER_PORT, 1–65535; 0 (tests and embedders only, through the builder) asks the
 *                    OS for a free one
 * @param bindAddress FICHAS_BALANCER_BIND_ADDRESS
 * @param ioThreads   FICHAS_BALANCER_IO_THREADS, 1–64
 */
public record ListenConfig(int port, String bindAddress, int ioThreads) {
    /** The port value that asks the OS for any free port. */
    public static final int ANY_PORT = 0;

    public ListenConfig {
        checkPort(port, true);
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new ConfigException("FICHAS_BALANCER_BIND_ADDRESS must not be blank");
        }
        Checks.between("FICHAS_BALANCER_IO_THREADS", ioThreads, 1, 64);
    }

    public static ListenConfig defaults() {
        return new ListenConfig(9000, "0.0.0.0", Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** The one port rule: 1–65535, or 0 where {@code anyAllowed}. */
    private static int checkPort(int port, boolean anyAllowed) {
        return anyAllowed && port == ANY_PORT ? port : Checks.between("FICHAS_BALANCER_PORT", port, 1, 65535);
    }

    /** An operator gives a real port: clients and the supervisor must know where the balancer is. */
    public static ListenConfig from(Settings settings) {
        ListenConfig d = defaults();
        int port = settings.integer("FICHAS_BALANCER_PORT", d.port);
        return new ListenConfig(checkPort(port, false),
                settings.string("FICHAS_BALANCER_BIND_ADDRESS", d.bindAddress),
                settings.integer("FICHAS_BALANCER_IO_THREADS", d.ioThreads));
    }
}
