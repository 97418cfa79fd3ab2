package fichas.observability.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on 127.0.0.1 and a free port: answers {@code failuresFirst} requests with 500, then 204, and
 * keeps what it was sent. {@link #holdRequests()} makes it wait before answering until {@link #release()}.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(String contentType, String body) {
    }

    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<Received> accepted = new ArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    public WebhookReceiver(int failuresFirst) {
        this.failuresLeft = new AtomicInteger(failuresFirst);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks/alerts", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/alerts");
    }

    public int attempts() {
        return attempts.get();
    }

    public synchronized List<Received> accepted() {
        return List.copyOf(accepted);
    }

    public void holdRequests() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            attempts.incrementAndGet();
            if (!hold.await(30, TimeUnit.SECONDS)) {
                throw new IOException("test never released the receiver");
            }
            if (failuresLeft.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            synchronized (this) {
                accepted.add(new Received(exchange.getRequestHeaders().getFirst("Content-Type"), body));
            }
            exchange.sendResponseHeaders(204, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
