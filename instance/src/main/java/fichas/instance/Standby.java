package fichas.instance;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import fichas.core.config.ConfigException;
import fichas.core.config.Settings;
import fichas.instance.monitoring.IdleHeapTrim;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pre-started instance JVM the supervisor keeps in reserve ({@code FICHAS_STANDBY=true}, see
 * docs/CONTRACTS.md): it loads and initialises the heavy libraries (Logback, Jackson, the SQLite
 * driver and its native library, Undertow, HikariCP, the instance's own classes), then waits on stdin
 * without a port and without opening the database. When an instance dies, the supervisor writes
 * {@code take <id> <port>} and this JVM becomes that instance: the id and port become system
 * properties (they win over the environment, see {@code Settings}), logging is configured again under
 * the instance's name, and the normal start follows. The end of stdin or {@code stop} ends it. Before it waits
 * it rehearses a whole instance start on a scratch database ({@link StandbyRehearsal}), so that the real
 * start after {@code take} runs loaded, initialised and partly compiled code.
 *
 * <p>What it saves on a restart is the JVM's own start and the class loading and initialisation, which
 * on two cores already busy with the load took most of the 10 s an instance needed to come back.
 */
final class Standby {
    static final String ENV = "FICHAS_STANDBY";
    private static final String TAKE = "take ";

    private Standby() {
    }

    static boolean requested() {
        return "true".equalsIgnoreCase(System.getenv(ENV));
    }

    /**
     * Warms up, waits for {@code take <id> <port>} and sets the instance's id and port; exits the JVM on
     * {@code stop}, the end of stdin or a malformed line.
     */
    static void awaitTakeOver() {
        String logDir = System.getenv("FICHAS_LOG_DIR");
        if (logDir != null) {
            System.setProperty("fichas.log.dir", logDir);
        }
        System.setProperty("fichas.instance.id", "standby");
        System.setProperty("fichas.console.level", "WARN");
        // stdin is read from the start, so that a take-over that comes during the rehearsal cuts it short
        CompletableFuture<String> order = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                order.complete(readLine(System.in));
            } catch (IOException e) {
                order.complete(null);
            }
        }, "standby-stdin");
        reader.setDaemon(true);
        reader.start();
        warmUp();
        rehearse(order::isDone);
        String line = order.join();
        if (line == null || line.strip().equals("stop")) {
            System.exit(0);
            return;
        }
        String[] parts = line.strip().split(" ");
        if (!line.startsWith(TAKE) || parts.length != 3 || !parts[2].matches("\\d{1,5}")) {
            System.err.println("fichas standby: expected 'take <id> <port>' on stdin, got '" + line.strip() + "'");
            System.exit(InstanceMain.EXIT_CONFIG);
            return;
        }
        System.setProperty("fichas.instance.id", parts[1]);
        System.setProperty("fichas.port", parts[2]);
        reconfigureLogging();
    }

    /** One line, read a byte at a time so that nothing after it is buffered away from the stdin watcher. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
    }

    /** Each step is best effort: a failure here only means that class is initialised later, at the real start. */
    private static void warmUp() {
        LoggerFactory.getLogger(Standby.class).debug("standby warming up");
        try {
            fichas.instance.http.Json.MAPPER.readValue(
                    fichas.instance.http.Json.MAPPER.writeValueAsBytes(Map.of("warm", List.of(1, "x", true))), Map.class);
        } catch (IOException | RuntimeException | LinkageError e) {
            // warm-up only
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
            rs.next();
        } catch (SQLException | RuntimeException | LinkageError e) {
            // warm-up only
        }
        for (String name : List.of("io.undertow.Undertow", "io.undertow.server.handlers.PathHandler",
                "fichas.core.http.GzipHandler", "org.xnio.nio.NioXnioProvider",
                "com.zaxxer.hikari.HikariDataSource", "com.zaxxer.hikari.pool.HikariPool",
                "io.micrometer.prometheusmetrics.PrometheusMeterRegistry", "io.github.resilience4j.retry.Retry",
                "io.github.resilience4j.circuitbreaker.CircuitBreaker", "com.github.benmanes.caffeine.cache.Caffeine",
                "fichas.instance.InstanceServer", "fichas.instance.store.Database", "fichas.instance.http.Router",
                "fichas.instance.http.ErrorHandler", "fichas.instance.cache.Caches", "fichas.instance.auth.AuthService",
                "fichas.instance.pedidos.PedidoRoutes", "fichas.instance.clientes.ClienteRoutes",
                "fichas.instance.events.EventHub", "fichas.instance.monitoring.Monitoring")) {
            try {
                Class.forName(name, true, Standby.class.getClassLoader());
            } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
                // not on this class path: nothing to warm
            }
        }
    }

    /**
     * A whole instance start and some rounds of requests on a scratch database ({@link StandbyRehearsal}), then one
     * collection so that the rehearsal's garbage is not what the standby holds while it waits.
     */
    private static void rehearse(BooleanSupplier takenOver) {
        Logger log = LoggerFactory.getLogger(Standby.class);
        int rounds;
        try {
            rounds = StandbyRehearsal.rounds(Settings.fromSystem());
        } catch (ConfigException e) {
            System.err.println("fichas standby: " + e.getMessage());
            System.exit(InstanceMain.EXIT_CONFIG);
            return;
        }
        if (rounds == 0) {
            return;
        }
        try {
            StandbyRehearsal.Result result = StandbyRehearsal.run(System.getenv(), rounds, takenOver);
            log.info("standby rehearsed an instance start and {} requests in {} ms", result.requests(),
                    result.took().toMillis());
        } catch (RuntimeException | LinkageError e) {
            log.warn("standby rehearsal failed, the standby waits less warm: {}", e.toString());
        }
        // Explicit on purpose: the waiting JVM has nothing else to do, and a compacted heap (with a small -Xms, a
        // shrunk one) and the C library's freed memory given back are what it keeps while it waits.
        System.gc();
        IdleHeapTrim.trimNativeHeap();
    }

    /** Logback was configured under the name "standby": configure it again for the instance it became. */
    private static void reconfigureLogging() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ClassLoader loader = Standby.class.getClassLoader();
        URL config = loader.getResource("logback-test.xml");
        if (config == null) {
            config = loader.getResource("logback.xml");
        }
        if (config == null) {
            return;
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            System.err.println("fichas standby: logging configuration failed: " + e.getMessage());
        }
    }
}
