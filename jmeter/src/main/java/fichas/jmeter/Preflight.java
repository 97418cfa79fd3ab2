package fichas.jmeter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checks, before JMeter starts, that something answers {@code GET /health} on host:port, so that a
 * plan against a stopped system fails in a second with a clear message instead of after its whole
 * duration with 100 % connection errors. Also reminds that load plans need rate limiting off.
 *
 * <pre>java fichas.jmeter.Preflight 127.0.0.1 9000</pre>
 * Exit status 0 when /health answered (any status), 1 when nothing answered.
 */
public final class Preflight {

    private Preflight() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        String port = args.length > 1 ? args[1] : "9000";
        URI health = URI.create("http://" + host + ":" + port + "/health");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("preflight: " + health + " -> " + response.statusCode() + " " + response.body());
            System.out.println("preflight: load plans send every request from this one IP; the balancer limits each"
                    + " IP unless the system was started with FICHAS_RATELIMIT_ENABLED=false (429s are counted as errors).");
        } catch (IOException e) {
            System.out.println("preflight: nothing answers " + health + " (" + e + ")."
                    + " Start the system (./start.sh start) or point the plan elsewhere with -Dhost=... -Dport=...");
            System.exit(1);
        }
    }
}
