package fichas.instance;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.core.config.Checks;
import fichas.core.config.Settings;
import fichas.instance.config.InstanceConfig;
import fichas.instance.http.Json;
import fichas.observability.files.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * The standby's dress rehearsal ({@link Standby}): before it waits, the standby JVM starts a whole instance on a
 * scratch SQLite file in a temporary directory (port 0 on loopback, never the real database or port), sends it
 * rounds of requests of the kinds the API serves most (login, clientes and pedidos written and read, lists, tipos,
 * health), stops it gracefully and deletes the directory.
 *
 * <p>Why: the class loading the standby already saves was only part of a restart. Under load most of the
 * rest was the instance's own start — configuration, pools and pragma checks, migrations check, routes — and its
 * first requests, all run interpreted and initialising classes on cores busy with the load. After a rehearsal those
 * paths are loaded, initialised and (the hottest) compiled, so the real start after {@code take} runs them warm.
 *
 * <p>Everything the rehearsal could touch outside its directory is switched off in its settings: PostgreSQL
 * (FICHAS_DB_URL emptied), backups and their copies, the alert webhook, the supervised mode. Passwords use cheap
 * PBKDF2 there, since its one admin lives only as long as the rehearsal. Best effort: a failure is reported and the
 * standby still waits, only less warm.
 */
final class StandbyRehearsal {
    /** The setting that chooses the rounds of requests; 0 skips the rehearsal (the standby only loads classes). */
    static final String ROUNDS_KEY = "FICHAS_STANDBY_REHEARSAL_ROUNDS";
    /**
     * Rounds of eight requests by default. Measured (PERFORMANCE.md): 10 rounds already gave the whole gain in
     * take-over time, 60 cost 1.5 s more CPU for none; 20 leaves the request path some warmth to spare.
     */
    static final int DEFAULT_ROUNDS = 20;
    static final int MAX_ROUNDS = 10_000;
    /** The rehearsal stops sending requests after this, however far it got: a standby must be ready soon. */
    static final Duration BUDGET = Duration.ofSeconds(20);

    private StandbyRehearsal() {
    }

    /** What one rehearsal did: requests answered, how long it took, the directory it used (deleted by then). */
    record Result(int requests, Duration took, Path scratch) {
    }

    /**
     * Runs one rehearsal over the real environment {@code environment} (the standby's own, with its tuning
     * settings) with every outward-facing setting overridden as above. It stops sending requests as soon as
     * {@code stop} says so (a take-over came: the standby is needed now), and does not start at all if it already does.
     */
    static Result run(Map<String, String> environment, int rounds, BooleanSupplier stop) {
        long started = System.nanoTime();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("fichas-standby-rehearsal-");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for the standby's rehearsal", e);
        }
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        int requests = 0;
        if (stop.getAsBoolean()) {
            deleteTree(scratch);
            return new Result(0, Duration.ofNanos(System.nanoTime() - started), scratch);
        }
        try (InstanceServer server = InstanceServer.start(InstanceConfig.from(settings(environment, scratch, password)),
                Clock.systemUTC())) {
            requests = exercise(server.port(), password, rounds, started + BUDGET.toNanos(), stop);
        } finally {
            deleteTree(scratch);
        }
        return new Result(requests, Duration.ofNanos(System.nanoTime() - started), scratch);
    }

    /** {@value #ROUNDS_KEY} from the environment (or {@code -Dfichas.standby.rehearsal.rounds}), checked. */
    static int rounds(Settings settings) {
        return Checks.between(ROUNDS_KEY, settings.integer(ROUNDS_KEY, DEFAULT_ROUNDS), 0, MAX_ROUNDS);
    }

    static Settings settings(Map<String, String> environment, Path scratch, String adminPassword) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("FICHAS_PORT", "0");
        env.put("FICHAS_BIND_ADDRESS", "127.0.0.1");
        env.put("FICHAS_INSTANCE_ID", "standby-rehearsal");
        env.put("FICHAS_DATA_DIR", scratch.resolve("data").toString());
        env.put("FICHAS_LOG_DIR", scratch.resolve("logs").toString());
        env.put("FICHAS_DB_URL", "");
        env.put("FICHAS_DB_USER", "");
        env.put("FICHAS_DB_PASSWORD", "");
        env.put("FICHAS_ADMIN_PASSWORD", adminPassword);
        env.put("FICHAS_PASSWORD_HASH", "pbkdf2");
        env.put("FICHAS_PBKDF2_ITERATIONS", "1000");
        env.put("FICHAS_SUPERVISED", "false");
        env.put("FICHAS_PARENT_PID", "");
        env.put("FICHAS_BACKUP_INTERVAL_MINUTES", "0");
        env.put("FICHAS_BACKUP_COPY_DIR", "");
        env.put("FICHAS_ALERT_WEBHOOK_URL", "");
        env.put("FICHAS_ACCESS_LOG", "true");
        Properties defaults = new Properties();
        try (InputStream in = StandbyRehearsal.class.getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            if (in != null) {
                defaults.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // No system properties: the standby's own (its name "standby", the log directory) are not the rehearsal's.
        return new Settings(defaults, env, new Properties());
    }

    /** Logs in, then rounds of writes and reads until {@code rounds}, the deadline or {@code stop}; the requests answered. */
    private static int exercise(int port, String password, int rounds, long deadlineNanos, BooleanSupplier stop) {
        String base = "http://127.0.0.1:" + port;
        int requests = 0;
        JsonNode login = call(base, "POST", "/auth/login", null,
                "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
        requests++;
        String token = login.path("token").asText();
        for (int round = 0; round < rounds && System.nanoTime() < deadlineNanos && !stop.getAsBoolean(); round++) {
            JsonNode cliente = call(base, "POST", "/clientes", token,
                    "{\"nome\":\"Ensaio " + round + "\",\"email\":\"ensaio" + round + "@fichas.test\"}");
            long clienteId = cliente.path("id").asLong();
            call(base, "GET", "/clientes/" + clienteId, token, null);
            JsonNode pedido = call(base, "POST", "/pedidos", token, "{\"cliente_id\":" + clienteId + ",\"tipo_id\":"
                    + (1 + round % 5) + ",\"descricao\":\"Ensaio\",\"quantidade\":" + (1 + round)
                    + ",\"data_entrega_prevista\":\"2030-01-31\"}");
            call(base, "GET", "/pedidos/" + pedido.path("id").asLong(), token, null);
            call(base, "GET", "/pedidos?size=20", token, null);
            call(base, "GET", "/clientes?size=20", token, null);
            call(base, "GET", "/producoes/tipos", token, null);
            call(base, "GET", "/health", null, null);
            requests += 8;
        }
        return requests;
    }

    /** One request; its JSON answer. An answer other than 2xx ends the rehearsal (it only warms what works). */
    private static JsonNode call(String base, String method, String path, String token, String body) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            http.setRequestMethod(method);
            http.setConnectTimeout(5_000);
            http.setReadTimeout(10_000);
            if (token != null) {
                http.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (body != null) {
                http.setDoOutput(true);
                http.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = http.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = http.getResponseCode();
            if (status < 200 || status > 299) {
                try (InputStream error = http.getErrorStream()) {
                    String detail = error == null ? "" : new String(error.readAllBytes(), StandardCharsets.UTF_8);
                    throw new IllegalStateException(method + " " + path + " answered " + status + " " + detail);
                }
            }
            try (InputStream in = http.getInputStream()) {
                return Json.MAPPER.readTree(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        }
    }

    private static void deleteTree(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException e) {
            System.err.println("fichas standby: rehearsal directory " + root + " not fully deleted: " + e.getMessage());
        }
    }
}
