package fichas.instance.http;

import fichas.core.http.RequestIds;
import fichas.core.http.Principal;
import static net.logstash.logback.argument.StructuredArguments.kv;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one structured line per finished request: request id, method, path, status, duration, user
 * (the instance id is on every line already, from the encoder).
 */
public final class AccessLogHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger("fichas.access");

    private final HttpHandler next;

    public AccessLogHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long started = System.nanoTime();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                double millis = (System.nanoTime() - started) / (double) TimeUnit.MILLISECONDS.toNanos(1);
                Principal principal = done.getAttachment(Principal.KEY);
                log.info("{} {} {}", done.getRequestMethod(), done.getRequestPath(), done.getStatusCode(),
                        kv("request_id", RequestIds.of(done)),
                        kv("method", done.getRequestMethod().toString()),
                        kv("path", done.getRequestPath()),
                        kv("status", done.getStatusCode()),
                        kv("duration_ms", Math.round(millis * 100) / 100.0),
                        kv("user", principal == null ? null : principal.username()));
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
