package fichas.balancer.frontdoor;

import fichas.balancer.Backend;
import io.undertow.Undertow;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An instance stand-in: {@code /health} is UP; {@code /big} answers {@link #BIG} bytes and records how the
 * send ended; {@code /stream} sends a small chunk every 300 ms, {@code ?n=} times (an event stream with
 * heartbeats); anything else answers 200 with the size of the body it read.
 */
final class EchoBackend implements AutoCloseable {
    /** More than every socket buffer between backend and client can hold (loopback buffers grow to MiBs). */
    static final int BIG = 64 * 1024 * 1024;
    private static final ByteBuffer MIB = ByteBuffer.allocate(1024 * 1024);
    final AtomicInteger hits = new AtomicInteger();
    /** "complete" or "failed" once a {@code /big} send ended. */
    final AtomicReference<String> bigOutcome = new AtomicReference<>();
    private final Undertow server;

    EchoBackend() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setWorkerThreads(8)
                .setHandler(this::handle).build();
        server.start();
    }

    private void handle(HttpServerExchange exchange) {
        switch (exchange.getRequestPath()) {
            case "/health" -> exchange.getResponseSender().send("{\"status\":\"UP\"}");
            case "/big" -> {
                hits.incrementAndGet();
                exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_LENGTH, BIG);
                sendMib(exchange, BIG / MIB.capacity());
            }
            case "/stream" -> {
                hits.incrementAndGet();
                int n = Integer.parseInt(exchange.getQueryParameters().get("n").getFirst());
                exchange.dispatch(io.undertow.util.SameThreadExecutor.INSTANCE, () -> beat(exchange, n));
            }
            default -> {
                hits.incrementAndGet();
                exchange.getRequestReceiver().receiveFullBytes((ex, body) ->
                        ex.getResponseSender().send("{\"read\":" + body.length + "}"));
            }
        }
    }

    private void sendMib(HttpServerExchange exchange, int left) {
        if (left == 0) {
            bigOutcome.set("complete");
            exchange.endExchange();
            return;
        }
        exchange.getResponseSender().send(MIB.duplicate(), new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                sendMib(ex, left - 1);
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                bigOutcome.set("failed");
                ex.endExchange();
            }
        });
    }

    private void beat(HttpServerExchange exchange, int left) {
        if (left == 0) {
            exchange.getResponseSender().send("data: end\n\n");
            return;
        }
        exchange.getResponseSender().send("data: beat\n\n", new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                ex.getIoThread().executeAfter(() -> beat(ex, left - 1), 300, TimeUnit.MILLISECONDS);
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                ex.endExchange();
            }
        });
    }

    int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    Backend backend() {
        return new Backend("echo", "127.0.0.1", port());
    }

    @Override
    public void close() {
        server.stop();
    }
}
