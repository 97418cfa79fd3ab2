package fichas.balancer;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Undertow server on port 0 standing in for an instance. {@code /health} answers 200 unless told
 * to fail; other paths echo, or misbehave according to {@link #mode}. Thread-safe; always close it.
 */
public final class StubBackend implements AutoCloseable {

    public enum Mode {
        /** Answers normally. */
        OK,
        /** Never answers. */
        HANG,
        /** Reads the request, then closes the connection without a byte. */
        CLOSE,
        /** Answers 500. */
        ERROR_5XX,
        /** Promises 100 bytes, sends 10, closes. */
        TRUNCATE,
        /** Answers 503, as an instance whose database circuit is open. */
        UNAVAILABLE
    }

    final String id;
    volatile Mode mode = Mode.OK;
    volatile boolean failHealth;
    volatile boolean hangHealth;
    /** What {@code GET /metrics} answers (the balancer scrapes it); null answers 404. Never counted in {@link #hits}. */
    public volatile String metricsText;
    public volatile String lastMetricsForwardedFor;
    public volatile String lastMetricsAuthorization;
    final AtomicInteger metricsHits = new AtomicInteger();
    /** Requests to {@code /monitoring/...} (the balancer's cache clear): method path and Authorization. */
    public final Deque<String> monitoringCalls = new ConcurrentLinkedDeque<>();
    public final AtomicInteger hits = new AtomicInteger();
    /**
     * What {@code GET /auth/me} answers, by bearer token: the JSON body of a 200 (a token not in it is 401).
     * Stubs that stand for instances of one system share one map. Never counted in {@link #hits}.
     */
    public volatile Map<String, String> sessions = Map.of();
    /** Requests to {@code GET /auth/me} (the console's token checks). */
    public final AtomicInteger authMeHits = new AtomicInteger();
    final AtomicInteger healthHits = new AtomicInteger();
    /** Event streams ({@code GET /events}) open right now. */
    final AtomicInteger openStreams = new AtomicInteger();
    final Deque<Map<String, String>> seen = new ConcurrentLinkedDeque<>();
    private final Undertow server;
    private final int port;

    public StubBackend(String id) {
        this.id = id;
        this.server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(16)
                .setHandler(Handlers.path(this::handle).addPrefixPath("/ws", Handlers.websocket((exchange, channel) -> {
                    channel.getReceiveSetter().set(new AbstractReceiveListener() {
                        @Override
                        protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                            WebSockets.sendText("echo:" + message.getData(), ch, null);
                        }
                    });
                    channel.resumeReceives();
                })))
                .build();
        server.start();
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** How ordinary requests (and {@code /auth/me}) are answered from now on. */
    public void mode(Mode value) {
        mode = value;
    }

    public int port() {
        return port;
    }

    public Backend backend() {
        return new Backend(id, "127.0.0.1", port);
    }

    private void handle(HttpServerExchange exchange) {
        if (exchange.getRequestPath().equals("/metrics")) {
            metrics(exchange);
            return;
        }
        if (exchange.getRequestPath().startsWith("/monitoring/")) {
            monitoringCalls.add(exchange.getRequestMethod() + " " + exchange.getRequestPath() + " "
                    + exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
            exchange.setStatusCode(200);
            exchange.getResponseSender().send("{\"cleared\":true}");
            return;
        }
        boolean health = exchange.getRequestPath().equals("/health");
        boolean authMe = exchange.getRequestPath().equals("/auth/me");
        if (health) {
            healthHits.incrementAndGet();
        }
        if (health ? hangHealth : mode == Mode.HANG) {
            if (!health && !authMe) {
                hits.incrementAndGet();
            }
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { }); // keeps the exchange open, never answers
            return;
        }
        exchange.dispatch(() -> {
            try {
                if (health) {
                    exchange.setStatusCode(failHealth ? 503 : 200);
                    exchange.getResponseSender().send(failHealth ? "{\"status\":\"DOWN\"}" : "{\"status\":\"UP\"}");
                } else {
                    answer(exchange);
                }
                exchange.endExchange();
            } catch (IOException e) {
                org.xnio.IoUtils.safeClose(exchange.getConnection());
            }
        });
    }

    private void metrics(HttpServerExchange exchange) {
        metricsHits.incrementAndGet();
        lastMetricsForwardedFor = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        lastMetricsAuthorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        String text = metricsText;
        if (text == null) {
            exchange.setStatusCode(404);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4");
        exchange.getResponseSender().send(text);
    }

    private void answer(HttpServerExchange exchange) throws IOException {
        exchange.startBlocking();
        byte[] body = exchange.getInputStream().readAllBytes();
        boolean authMe = exchange.getRequestPath().equals("/auth/me");
        if (authMe) {
            authMeHits.incrementAndGet();
        } else {
            hits.incrementAndGet();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach(h -> headers.put(h.getHeaderName().toString().toLowerCase(), h.getFirst()));
            seen.add(headers);
        }
        switch (mode) {
            case CLOSE -> {
                org.xnio.IoUtils.safeClose(exchange.getConnection());
                return;
            }
            case UNAVAILABLE -> {
                exchange.setStatusCode(503);
                exchange.getResponseSender().send("{\"error\":{\"code\":\"unavailable\",\"message\":\"" + id + "\"}}");
                return;
            }
            case ERROR_5XX -> {
                exchange.setStatusCode(500);
                exchange.getResponseSender().send("{\"error\":{\"code\":\"internal\"}}");
                return;
            }
            case TRUNCATE -> {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 100);
                OutputStream out = exchange.getOutputStream();
                out.write("0123456789".getBytes(StandardCharsets.UTF_8));
                out.flush();
                org.xnio.IoUtils.safeClose(exchange.getConnection());
                return;
            }
            default -> {
            }
        }
        String path = exchange.getRequestPath();
        if (authMe) {
            me(exchange);
            return;
        }
        if (path.equals("/slow")) {
            sleep(Long.parseLong(exchange.getQueryParameters().get("ms").getFirst()));
        }
        exchange.getResponseHeaders().put(HttpString.tryFromString("X-Instance"), id);
        if (path.equals("/events")) {
            stream(exchange);
            return;
        }
        if (path.equals("/big")) {
            int n = Integer.parseInt(exchange.getQueryParameters().get("bytes").getFirst());
            byte[] big = bigBody(n);
            if (exchange.getQueryParameters().containsKey("length")) {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, n);
            }
            exchange.getOutputStream().write(big);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(id + ":" + exchange.getRequestMethod() + ":"
                + new String(body, StandardCharsets.UTF_8));
    }

    /** Like an instance's {@code GET /auth/me}: the caller of a bearer token in {@link #sessions}, else 401. */
    private void me(HttpServerExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        String me = authorization == null || !authorization.startsWith("Bearer ") ? null
                : sessions.get(authorization.substring("Bearer ".length()));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        if (me == null) {
            exchange.setStatusCode(401);
            exchange.getResponseSender().send("{\"error\":{\"code\":\"unauthenticated\",\"message\":\"no session\"}}");
            return;
        }
        exchange.getResponseSender().send(me);
    }

    /**
     * Like an instance's {@code GET /events}: an endless text/event-stream, one event every
     * {@code ?every=} ms (default 100), flushed one by one, until the client goes (or 30 s).
     */
    private void stream(HttpServerExchange exchange) throws IOException {
        long every = exchange.getQueryParameters().containsKey("every")
                ? Long.parseLong(exchange.getQueryParameters().get("every").getFirst()) : 100;
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
        OutputStream out = exchange.getOutputStream();
        openStreams.incrementAndGet();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 1; System.nanoTime() < end; i++) {
                out.write(("id: " + i + "\nevent: tick\ndata: {\"backend\":\"" + id + "\"}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                sleep(every);
            }
        } finally {
            openStreams.decrementAndGet();
        }
    }

    /** A body whose every 10-byte line names its own offset, so a misplaced byte is easy to locate. */
    static byte[] bigBody(int n) {
        return BIG_BODIES.computeIfAbsent(n, StubBackend::makeBigBody);
    }

    private static final Map<Integer, byte[]> BIG_BODIES = new ConcurrentHashMap<>();

    private static byte[] makeBigBody(int n) {
        StringBuilder b = new StringBuilder(n + 10);
        while (b.length() < n) {
            String num = Integer.toString(b.length());
            b.append("0".repeat(9 - num.length())).append(num).append('\n');
        }
        return b.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
