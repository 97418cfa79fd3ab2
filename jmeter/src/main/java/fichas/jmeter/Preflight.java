package fichas.jmeter;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Checks, before JMeter starts, that Fichas answers on host:port and accepts the plan's login, so
 * that a plan against a stopped system or with a wrong password fails in a second with a clear
 * message, instead of after its whole duration with nothing but errors. Also reminds that load
 * plans need rate limiting off (the system does not tell clients whether it is on).
 *
 * <pre>FICHAS_JMETER_PASSWORD=... java fichas.jmeter.Preflight 127.0.0.1 9000 admin</pre>
 * The password comes from the environment, not the command line, to stay out of process lists.
 * Exit status 0 when /health answered and the login worked; 1 otherwise.
 */
public final class Preflight {

    static final String PASSWORD_VARIABLE = "FICHAS_JMETER_PASSWORD";

    private Preflight() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        String port = args.length > 1 ? args[1] : "9000";
        String user = args.length > 2 ? args[2] : "admin";
        String password = System.getenv().getOrDefault(PASSWORD_VARIABLE, "admin");
        String base = "http://" + host + ":" + port;
        // HTTP/1.1 as JMeter speaks it: the JDK's default would offer an h2c upgrade on every request.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).build();
        try {
            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("preflight: GET " + base + "/health -> " + health.statusCode() + " " + health.body());
        } catch (IOException e) {
            System.out.println("preflight: nothing answers " + base + "/health (" + e + ")."
                    + " Start the system (./start.sh start) or point the plan elsewhere with -Dhost=... -Dport=...");
            System.exit(1);
        }
        try {
            String body = new ObjectMapper().writeValueAsString(Map.of("username", user, "password", password));
            HttpResponse<String> login = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/auth/login")).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) {
                System.out.println("preflight: POST " + base + "/auth/login as " + user + " -> " + login.statusCode() + " "
                        + login.body() + ". Pass the right account: -DadminUser=... -DadminPassword=... (the one of"
                        + " FICHAS_ADMIN_PASSWORD, or of data/initial-admin-password when the first start had none)");
                System.exit(1);
            }
            System.out.println("preflight: POST " + base + "/auth/login as " + user + " -> 200");
        } catch (IOException e) {
            System.out.println("preflight: POST " + base + "/auth/login failed: " + e);
            System.exit(1);
        }
        System.out.println("preflight: every request of the plan comes from this one IP; the balancer limits each IP"
                + " unless Fichas was started with FICHAS_RATELIMIT_ENABLED=false (429s count as errors).");
    }
}
