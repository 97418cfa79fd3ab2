package fichas.supervisor.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fichas.console.admin.SupervisorView;
import fichas.core.http.ApiException;
import fichas.core.http.ErrorBody;
import fichas.core.http.ErrorCode;
import fichas.core.http.RequestIds;
import fichas.supervisor.SupervisorException;
import fichas.supervisor.UnknownChildException;
import fichas.supervisor.balance.BalancerReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The supervisor's local control endpoint, on loopback only: {@code GET /status}, {@code POST /stop},
 * {@code POST /reload}, {@code POST /restart?name=NAME}, and the balancer process's calls under
 * {@code /balancer/} (children, reload, restart, backend-down, report). Every request must carry
 * {@code Authorization: Bearer <token>}. The JDK's HttpServer is plenty for a handful of admin calls and
 * keeps this off the balancer's Undertow.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_REPORT_BYTES = 64 * 1024;
    static final int THREADS = 32;
    /** Seconds a client has to send its whole request before the JDK server closes the connection. */
    static final String REQUEST_TIMEOUT_S = "10";

    static {
        // Read once by the JDK's HttpServer when it is first used; the default is no limit at all.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", REQUEST_TIMEOUT_S);
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", "120");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ControlToken token;
    private final ControlOperations ops;

    private ControlServer(HttpServer server, ControlToken token, ControlOperations ops) {
        this.server = server;
        this.token = token;
        this.ops = ops;
        // Enough threads that a long reload or restart (which waits for the
        // balancer's reports, also sent here), or local processes holding connections open without
        // sending a request, do not block status or stop; idle ones go away after 30 s.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "fichas-control");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public static ControlServer start(int port, ControlToken token, ControlOperations ops) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw new SupervisorException("control port " + port + " (FICHAS_CONTROL_PORT) is in use: "
                    + "is Fichas already running? Try ./start.sh status");
        }
        ControlServer control = new ControlServer(http, token, ops);
        http.start();
        log.info("control endpoint listening on 127.0.0.1:{}", http.getAddress().getPort());
        return control;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !token.matches(auth.substring(7).trim())) {
                log.warn("control request {} {} rejected: missing or wrong token", exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath());
                throw ApiException.unauthenticated(
                        "unauthorized: send Authorization: Bearer <token from supervisor.token>");
            }
            route(exchange);
        } catch (ApiException e) {
            sendError(exchange, e);
        } catch (UnknownChildException e) {
            sendError(exchange, ApiException.notFound(e.getMessage()));
        } catch (SupervisorException e) {
            sendError(exchange, ApiException.conflict(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(exchange, ApiException.unavailable("interrupted"));
        } catch (RuntimeException e) {
            log.error("control request {} failed", exchange.getRequestURI(), e);
            sendError(exchange, ApiException.internal());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        switch (method + " " + path) {
            case "GET /status" -> send(exchange, 200, ops.status());
            case "POST /stop" -> {
                send(exchange, 202, Map.of("result", "stopping"));
                ops.stop();
            }
            case "POST /reload" -> {
                ops.reload();
                send(exchange, 200, Map.of("result", "reloaded"));
            }
            case "POST /restart" -> send(exchange, 200, Map.of("result", ops.restart(query(exchange, "name"))));
            default -> {
                if (!path.startsWith("/balancer/") || !balancerRoute(exchange, method + " " + path)) {
                    throw ApiException.notFound("no such operation: " + method + " " + path);
                }
            }
        }
    }

    /** The balancer process's calls (docs/CONTRACTS.md, "The balancer process"); false when there is no such route. */
    private boolean balancerRoute(HttpExchange exchange, String route) throws IOException {
        SupervisorView view = ops.balancerView();
        if (view == null) {
            return false;
        }
        switch (route) {
            case "GET /balancer/children" -> send(exchange, 200, view.children());
            case "POST /balancer/reload" -> {
                if (view.startReload()) {
                    send(exchange, 202, Map.of("result", "started"));
                } else {
                    throw ApiException.conflict("a rolling reload is already running");
                }
            }
            case "POST /balancer/restart" -> {
                String name = query(exchange, "name");
                var started = view.startRestart(name);
                if (started.isPresent()) {
                    send(exchange, 202, Map.of("result", started.get()));
                } else {
                    throw ApiException.notFound("no instance named '" + name + "'");
                }
            }
            case "POST /balancer/backend-down" -> {
                ops.backendDown(query(exchange, "id"));
                send(exchange, 200, Map.of("result", "checking"));
            }
            case "POST /balancer/report" -> {
                byte[] body = exchange.getRequestBody().readNBytes(MAX_REPORT_BYTES + 1);
                if (body.length > MAX_REPORT_BYTES) {
                    throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                            "report larger than " + MAX_REPORT_BYTES + " bytes");
                }
                ops.balancerReport(Json.MAPPER.readValue(body, BalancerReport.class));
                send(exchange, 200, Map.of("result", "ok"));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String query(HttpExchange exchange, String key) {
        String q = exchange.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals(key)) {
                    return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                }
            }
        }
        throw new SupervisorException("missing query parameter '" + key + "'");
    }

    /** The API.md error document (core's one error model), under the caller's request id when it sent a valid one. */
    private static void sendError(HttpExchange exchange, ApiException error) throws IOException {
        if (exchange.getResponseCode() != -1) {
            return;
        }
        String offered = exchange.getRequestHeaders().getFirst(RequestIds.HEADER);
        String requestId = RequestIds.isValid(offered) ? offered : RequestIds.generate();
        byte[] bytes = ErrorBody.bytes(error, requestId);
        error.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set(RequestIds.HEADER, requestId);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(error.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        if (exchange.getResponseCode() != -1) {
            return; // already answered (stop answers before it acts)
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
