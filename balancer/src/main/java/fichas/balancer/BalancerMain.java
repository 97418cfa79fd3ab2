package fichas.balancer;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the balancer alone, without the supervisor: backends from {@code FICHAS_BACKENDS}
 * ({@code host:port,host:port,...}, default the three local instances), everything else from the
 * {@code FICHAS_*} keys of {@link BalancerConfig#fromEnvironment()}. Exit code 2 on bad configuration.
 */
public final class BalancerMain {
    static final String DEFAULT_BACKENDS = "127.0.0.1:8000,127.0.0.1:8001,127.0.0.1:8002";

    private BalancerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "fichas-balancer-logback.xml");
        }
        BalancerConfig config;
        List<Backend> backends;
        try {
            config = BalancerConfig.fromEnvironment();
            backends = parseBackends(System.getenv().getOrDefault("FICHAS_BACKENDS", DEFAULT_BACKENDS));
        } catch (IllegalArgumentException e) {
            System.err.println("fichas-balancer: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Balancer balancer = Balancer.start(config, backends, BalancerListener.none());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            balancer.close();
            stopped.countDown();
        }, "fichas-balancer-shutdown"));
        stopped.await();
    }

    static List<Backend> parseBackends(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("FICHAS_BACKENDS must list host:port pairs, but was empty");
        }
        return Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(Backend::parse).toList();
    }
}
