package fichas.balancer.proxy;

import io.undertow.client.ClientExchange;
import io.undertow.client.ClientResponse;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

/**
 * Copies a backend response to the client. Up to {@code limit} bytes are read into memory before anything
 * is sent: for the usual small JSON answer the client sees nothing until the response is complete, so a
 * backend that dies half-way can still be retried elsewhere. A larger body is streamed (prefix first,
 * then a {@link StreamPump}); if that breaks, the client connection is closed so the
 * truncation cannot pass for a whole response. Confined to the IO thread.
 */
final class ResponseRelay {
    private static final Set<HttpString> SKIPPED = Set.of(Headers.CONNECTION, Headers.KEEP_ALIVE,
            Headers.TRANSFER_ENCODING, Headers.TRAILER, Headers.UPGRADE, Headers.CONTENT_LENGTH,
            HttpString.tryFromString("Proxy-Connection"), ForwardedRequest.X_REQUEST_ID);

    private final Attempt attempt;
    private final HttpServerExchange exchange;
    private final ClientExchange backend;
    private final int limit;
    private final Bytes buffer;
    private final boolean unbuffered;
    private StreamSourceChannel source;

    /** @param unbuffered an event stream: headers and each chunk go to the client at once */
    ResponseRelay(Attempt attempt, HttpServerExchange exchange, ClientExchange backend, int limit,
                  boolean unbuffered) {
        this.attempt = attempt;
        this.unbuffered = unbuffered;
        this.exchange = exchange;
        this.backend = backend;
        this.limit = limit;
        // Sized to the announced body when there is one: most answers are a few hundred bytes.
        long announced = Methods.HEAD.equals(exchange.getRequestMethod()) ? 0 : announcedLength(backend.getResponse());
        this.buffer = new Bytes(announced >= 0 && announced <= limit ? (int) announced : 4096);
    }

    private static long announcedLength(ClientResponse response) {
        String value = response.getResponseHeaders().getFirst(Headers.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void start() {
        source = backend.getResponseChannel();
        if (unbuffered) {
            stream();
            return;
        }
        source.getReadSetter().set(ch -> read());
        read();
    }

    private void read() {
        try (PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate()) {
            ByteBuffer chunk = pooled.getBuffer();
            while (true) {
                chunk.clear();
                int n = source.read(chunk);
                if (n == -1) {
                    source.suspendReads();
                    IoUtils.safeClose(source);
                    attempt.responseRead(backend);
                    sendBuffered();
                    return;
                }
                if (n == 0) {
                    source.resumeReads();
                    return;
                }
                chunk.flip();
                buffer.append(chunk);
                if (buffer.length() > limit) {
                    source.suspendReads();
                    stream();
                    return;
                }
            }
        } catch (IOException e) {
            source.suspendReads();
            IoUtils.safeClose(source);
            attempt.brokenBeforeCommit(e);
        }
    }

    private void sendBuffered() {
        ClientResponse response = backend.getResponse();
        copyHeaders(response);
        int status = response.getResponseCode();
        HeaderMap out = exchange.getResponseHeaders();
        boolean head = Methods.HEAD.equals(exchange.getRequestMethod());
        if (head || status == 204 || status == 304) {
            // No body by definition; HEAD keeps the backend's Content-Length, which describes the GET.
            String length = response.getResponseHeaders().getFirst(Headers.CONTENT_LENGTH);
            if (length != null && status != 204) {
                out.put(Headers.CONTENT_LENGTH, length);
            } else if (head && status != 204 && status != 304) {
                // The GET's length is unknown (chunked at the backend). Ended as it is, Undertow would announce
                // Content-Length: 0, which a HEAD may only send when the GET's body is empty (RFC 9110 §8.6);
                // opening the channel first frames it as chunked, with no body, like the backend's answer.
                exchange.getResponseChannel();
            }
            exchange.endExchange();
            return;
        }
        out.put(Headers.CONTENT_LENGTH, buffer.length());
        exchange.getResponseSender().send(buffer.asBuffer());
    }

    private void stream() {
        ClientResponse response = backend.getResponse();
        copyHeaders(response);
        String length = response.getResponseHeaders().getFirst(Headers.CONTENT_LENGTH);
        if (length != null) {
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, length);
        }
        attempt.committed();
        pump(buffer.asBuffer());
    }

    private void pump(ByteBuffer prefix) {
        new StreamPump(source, exchange, new StreamPump.Done() {
            @Override
            public void completed() {
                IoUtils.safeClose(source);
                attempt.streamEnded(true);
            }

            @Override
            public void backendFailed(IOException e) {
                // The client already has the headers: close rather than let a truncated body pass as whole.
                IoUtils.safeClose(source);
                attempt.streamEnded(false);
                IoUtils.safeClose(exchange.getConnection());
            }

            @Override
            public void clientFailed(IOException e) {
                IoUtils.safeClose(source);
                attempt.streamEnded(false);
                IoUtils.safeClose(exchange.getConnection());
            }
        }).start(prefix);
    }

    private void copyHeaders(ClientResponse response) {
        exchange.setStatusCode(response.getResponseCode());
        HeaderMap out = exchange.getResponseHeaders();
        for (HeaderValues values : response.getResponseHeaders()) {
            if (!SKIPPED.contains(values.getHeaderName())) {
                out.putAll(values.getHeaderName(), values);
            }
        }
    }
}
