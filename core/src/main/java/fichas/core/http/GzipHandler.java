package fichas.core.http;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.encoding.ContentEncodingProvider;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Gzips what gains from it (API.md: JSON and text responses above 1 KiB) when the request's
 * {@code Accept-Encoding} allows it, as {@link AcceptEncoding} reads that header. Every compressible answer carries
 * {@code Vary: Accept-Encoding}, compressed or not, so a cache never hands gzip to a client that did not ask for it.
 * Image bytes, zips and {@code text/event-stream} (a compressor would hold events back) go out as they are, and
 * {@code Content-Encoding: identity} is never sent.
 *
 * <p>Replaces Undertow's {@code EncodingHandler}, whose coding names are case-sensitive, which reads {@code *} as
 * identity and answers a bodyless 406 when identity is refused. The decision is taken when the response starts,
 * from its status, {@code Content-Type} and {@code Content-Length}. A {@code HEAD} is compressed like its
 * {@code GET} (Undertow then drops the bytes), so both carry the same {@code Content-Encoding} and length.
 * Thread-safe; wrap it outside anything that writes the response.
 */
public final class GzipHandler implements HttpHandler {
    private static final ContentEncodingProvider GZIP = new GzipEncodingProvider();

    private final HttpHandler next;
    private final long minBytes;

    /** @param minBytes a body of at most this many bytes (as its {@code Content-Length} says) is not worth it */
    public GzipHandler(HttpHandler next, long minBytes) {
        this.next = next;
        this.minBytes = minBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        AcceptEncoding accepted = AcceptEncoding.parse(exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING));
        exchange.addResponseWrapper(new Wrapper(accepted, minBytes));
        next.handleRequest(exchange);
    }

    /** Compressible by its type: JSON or text, except an event stream. */
    static boolean compressible(String contentType) {
        return contentType != null && (contentType.startsWith("application/json") || contentType.startsWith("text/"))
                && !contentType.startsWith("text/event-stream");
    }

    private record Wrapper(AcceptEncoding accepted, long minBytes) implements ConduitWrapper<StreamSinkConduit> {
        @Override
        public StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
            HeaderMap headers = exchange.getResponseHeaders();
            if (headers.contains(Headers.CONTENT_ENCODING) || !compressible(headers.getFirst(Headers.CONTENT_TYPE))) {
                return factory.create();
            }
            vary(headers);
            long length = exchange.getResponseContentLength();
            int status = exchange.getStatusCode();
            if (length == 0 || status == 204 || status == 304 || !accepted.useGzip(length < 0 || length > minBytes)) {
                return factory.create();
            }
            headers.put(Headers.CONTENT_ENCODING, "gzip");
            return GZIP.getResponseWrapper().wrap(factory, exchange);
        }

        private static void vary(HeaderMap headers) {
            HeaderValues vary = headers.get(Headers.VARY);
            if (vary != null) {
                for (String value : vary) {
                    for (String name : value.split(",")) {
                        if (name.trim().equalsIgnoreCase("Accept-Encoding") || name.trim().equals("*")) {
                            return;
                        }
                    }
                }
            }
            headers.add(Headers.VARY, "Accept-Encoding");
        }
    }
}
