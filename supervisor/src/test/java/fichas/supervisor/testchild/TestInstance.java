package fichas.supervisor.testchild;

import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A stand-in for the instance jar, speaking the contract of docs/CONTRACTS.md with nothing but the JDK:
 * /health on FICHAS_PORT, exit 3 when the port is taken, "stop" or end of stdin stops it, and so does the end
 * of FICHAS_PARENT_PID. {@code -Dtest.child.mode} (or TEST_CHILD_MODE) switches misbehaviour: {@code exit2} (bad configuration, exits at
 * once), {@code ignore-stop} (ignores stdin and SIGTERM), {@code unhealthy} (health answers 503).
 */
public final class TestInstance {
    private TestInstance() {
    }

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("test.child.mode", System.getenv().getOrDefault("TEST_CHILD_MODE", "normal"));
        if (mode.equals("exit2")) {
            System.err.println("FICHAS_TEST_SETTING must be valid, but was 'nonsense'");
            System.exit(2);
        }
        String portSetting = System.getenv().getOrDefault("FICHAS_PORT", "8000");
        String idSetting = System.getenv("FICHAS_INSTANCE_ID");
        if ("true".equals(System.getenv("FICHAS_STANDBY"))) {
            // the instance's standby protocol (fichas.instance.Standby): wait for "take <id> <port>"
            System.out.println("standby waiting");
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = System.in.read()) != -1 && b != '\n') {
                line.append((char) b);
            }
            String[] parts = line.toString().split(" ");
            if (b == -1 || parts.length != 3) {
                System.exit(0);
            }
            idSetting = parts[1];
            portSetting = parts[2];
            System.out.println("standby takes " + idSetting);
        }
        int port = Integer.parseInt(portSetting);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (BindException e) {
            System.err.println("port " + port + " is already in use");
            System.exit(3);
            return;
        }
        String id = idSetting != null ? idSetting : Integer.toString(port);
        int healthStatus = mode.equals("unhealthy") ? 503 : 200;
        java.util.concurrent.atomic.AtomicBoolean overloaded = new java.util.concurrent.atomic.AtomicBoolean();
        server.createContext("/health", ex -> respond(ex, overloaded.get() ? 503 : healthStatus,
                "{\"status\":\"UP\",\"instance\":\"" + id + "\"}"));
        // From now on: health fails while a thread keeps a core busy (an overloaded process, not a hung one).
        server.createContext("/overload", ex -> {
            if (overloaded.compareAndSet(false, true)) {
                for (int i = 0; i < 2; i++) {
                    Thread spinner = new Thread(TestInstance::spin, "spinner-" + i);
                    spinner.setDaemon(true);
                    spinner.start();
                }
            }
            respond(ex, 200, "{\"overloaded\":true}");
        });
        server.createContext("/env", ex -> respond(ex, 200, fichasEnvironment()));
        server.createContext("/", ex -> respond(ex, 200, "{\"instance\":\"" + id + "\"}"));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        if (mode.equals("ignore-stop")) {
            Runtime.getRuntime().addShutdownHook(new Thread(TestInstance::ignore));
        }
        // printed once every handler is in place: tests wait for this line
        System.out.println("test instance " + id + " listening on " + server.getAddress().getPort() + " in mode " + mode);
        if (mode.equals("ignore-stop")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        watchParent();
        watchStdin(server);
    }

    private static volatile long sink;

    private static void spin() {
        long x = 0;
        while (true) {
            x = x * 31 + System.nanoTime();
            sink = x;
        }
    }

    private static void ignore() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void watchParent() {
        String parent = System.getenv("FICHAS_PARENT_PID");
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    h -> h.onExit().thenRun(() -> Runtime.getRuntime().halt(0)), () -> Runtime.getRuntime().halt(0));
        }
    }

    private static void watchStdin(HttpServer server) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("stop")) {
                System.out.println("stop requested");
                break;
            }
        }
        server.stop(0);
        System.out.println("stopped");
        System.exit(0);
    }

    private static String fichasEnvironment() {
        StringBuilder b = new StringBuilder();
        System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("FICHAS_")).sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        return b.toString();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
