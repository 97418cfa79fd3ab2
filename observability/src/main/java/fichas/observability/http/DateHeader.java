package fichas.observability.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.Headers;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Puts {@code Date} (the IMF-fixdate of RFC 9110, to the second) on every response when it is committed, unless the
 * response already has one. Used instead of Undertow's {@code ALWAYS_SET_DATE}, whose text is cached JVM-wide and
 * cleared by a task on the IO thread of the server that filled it: a JVM that stops one server within a second of its
 * last response and then runs another (the standby instance rehearses a whole start, then takes over) kept sending the
 * first server's time for the rest of its life. This cache belongs to no server. Thread-safe.
 */
public final class DateHeader implements HttpHandler {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final ResponseCommitListener ON_COMMIT = exchange -> {
        if (!exchange.getResponseHeaders().contains(Headers.DATE)) {
            exchange.getResponseHeaders().put(Headers.DATE, now());
        }
    };

    private record Second(long epochSecond, String text) {
    }

    private static volatile Second cached = new Second(Long.MIN_VALUE, "");

    private final HttpHandler next;

    public DateHeader(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addResponseCommitListener(ON_COMMIT);
        next.handleRequest(exchange);
    }

    /** The current time as a {@code Date} value. */
    public static String now() {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000L);
        Second current = cached;
        if (current.epochSecond() != second) {
            current = new Second(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
            cached = current;
        }
        return current.text();
    }
}
