package fichas.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.balancer.Backend;
import fichas.balancer.Balancer;
import fichas.balancer.BalancerListener;
import fichas.balancer.Fixture;
import fichas.balancer.MonitoringConfig;
import fichas.balancer.StubBackend;
import fichas.console.admin.Sessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failed admin token checks throttled per client address, on a real balancer whose stub instance answers {@code GET /auth/me}.
 * Requests go over plain sockets so that the client can bind its own loopback address (127.0.0.2 on Linux):
 * the balancer keys on the TCP peer.
 */
class AdminAuthThrottleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUDGET = 3; // one failure back every 20 s: no refill during a test
    private static final String GUESSER = "127.0.0.1";

    private StubBackend stub;
    private Balancer balancer;
    private final Sessions db = new Sessions();
    private String admin;

    @BeforeEach
    void start() {
        stub = new StubBackend("b0");
        db.servedBy(stub);
        admin = db.login("admin", "admin");
        MonitoringConfig monitoring = MonitoringConfig.defaults().withAuthFailuresPerMinute(BUDGET);
        balancer = Balancer.start(Fixture.testConfig().monitoring(monitoring).build(), List.of(stub.backend()),
                BalancerListener.none(), Console.of(null));
    }

    @AfterEach
    void stop() {
        if (balancer != null) {
            balancer.close();
        }
        stub.close();
    }

    @Test
    void afterTheBudgetOfBadTokensTheNextIs429WithRetryAfterAndNoLookUpFollows() {
        for (int i = 0; i < BUDGET; i++) {
            assertError(statusFrom(GUESSER, UUID.randomUUID().toString()), 401, "unauthenticated");
        }
        long lookUps = metric("fichas_balancer_admin_token_lookups_total");
        assertThat(lookUps).isEqualTo(BUDGET);

        Response throttled = statusFrom(GUESSER, UUID.randomUUID().toString());
        assertError(throttled, 429, "rate_limited");
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 20);
        assertThat(throttled.header("X-Instance")).isEqualTo("balancer");
        for (int i = 0; i < 10; i++) {
            assertThat(statusFrom(GUESSER, UUID.randomUUID().toString()).status).isEqualTo(429);
        }

        assertThat(metric("fichas_balancer_admin_token_lookups_total")).as("no look-up while throttled").isEqualTo(lookUps);
        assertThat(metric("fichas_balancer_admin_auth_throttled_total")).isEqualTo(11);
        assertThat(metric("fichas_balancer_rate_limited_total")).as("the proxy's own 429s, kept apart").isZero();
        assertThat(balancer.snapshot().rateLimited()).isZero();
    }

    @Test
    void anAdminTokenSeenValidBeforePassesFromTheThrottledAddressButANewOneWaitsForTheRefill() {
        assertThat(statusFrom(GUESSER, admin).status).isEqualTo(200);
        for (int i = 0; i <= BUDGET; i++) {
            statusFrom(GUESSER, UUID.randomUUID().toString());
        }
        assertThat(statusFrom(GUESSER, UUID.randomUUID().toString()).status).isEqualTo(429);

        for (int i = 0; i < 5; i++) {
            assertThat(statusFrom(GUESSER, admin).status).as("a correct token is not a guess").isEqualTo(200);
        }
        String fresh = db.login("admin", "admin");
        assertError(statusFrom(GUESSER, fresh), 429, "rate_limited");
    }

    @Test
    void anotherClientAddressIsNotAffected() {
        assumeThat(canBind("127.0.0.2")).as("127.0.0.2 is a usable loopback address here (Linux)").isTrue();
        for (int i = 0; i <= BUDGET; i++) {
            statusFrom(GUESSER, UUID.randomUUID().toString());
        }
        assertThat(statusFrom(GUESSER, UUID.randomUUID().toString()).status).isEqualTo(429);

        assertError(statusFrom("127.0.0.2", UUID.randomUUID().toString()), 401, "unauthenticated");
        assertThat(statusFrom("127.0.0.2", admin).status).isEqualTo(200);
    }

    @Test
    void theProxiedPathsAndAMissingTokenAreNotThrottled() {
        for (int i = 0; i <= BUDGET; i++) {
            statusFrom(GUESSER, UUID.randomUUID().toString());
        }
        assertThat(statusFrom(GUESSER, UUID.randomUUID().toString()).status).isEqualTo(429);

        assertThat(send(GUESSER, "GET", "/hello", null).status).isEqualTo(200);
        assertError(statusFrom(GUESSER, null), 401, "unauthenticated");
    }

    private Response statusFrom(String clientIp, String token) {
        return send(clientIp, "GET", "/balancer/status", token);
    }

    private long metric(String name) {
        Response r = send("127.0.0.1", "GET", "/balancer/metrics", null);
        assertThat(r.status).as(r.body).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\d+)$").matcher(r.body);
        assertThat(m.find()).as(name + " in\n" + r.body).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void assertError(Response r, int status, String code) {
        assertThat(r.status).as(r.body).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        try {
            JsonNode error = JSON.readTree(r.body).get("error");
            assertThat(error.get("code").asText()).isEqualTo(code);
            assertThat(error.get("message").asText()).isNotBlank();
            assertThat(error.get("request_id").asText()).isNotBlank();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean canBind(String ip) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One HTTP/1.1 request on a fresh connection from {@code clientIp}; the balancer closes it after the answer. */
    private Response send(String clientIp, String method, String path, String token) {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(InetAddress.getByName(clientIp), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), balancer.port()), 5_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        assertThat(end).as("a complete response head in: " + raw).isPositive();
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Response(status, headers, raw.substring(end + 4));
    }
}
