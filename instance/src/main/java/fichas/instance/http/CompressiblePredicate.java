package fichas.instance.http;

import io.undertow.predicate.Predicate;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * Gzip only what gains from it: JSON or text responses whose declared length is above the
 * threshold (API.md: 1 KiB). Evaluated when the response starts, after Content-Length is set.
 */
public final class CompressiblePredicate implements Predicate {
    private final long minBytes;

    public CompressiblePredicate(long minBytes) {
        this.minBytes = minBytes;
    }

    @Override
    public boolean resolve(HttpServerExchange exchange) {
        String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
        if (type == null || !(type.startsWith("application/json") || type.startsWith("text/"))
                || type.startsWith("text/event-stream")) {
            // an event stream is written event by event: a compressor would hold events back
            return false;
        }
        String length = exchange.getResponseHeaders().getFirst(Headers.CONTENT_LENGTH);
        return length == null || Long.parseLong(length) > minBytes;
    }
}
