package fichas.balancer.proxy;

import fichas.core.http.ErrorCode;
import fichas.balancer.FrontDoorConfig;
import fichas.balancer.frontdoor.BodyBudget;
import fichas.balancer.http.ErrorResponses;
import fichas.core.http.RequestIds;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads one request body into memory as it arrives, so that it can be replayed on another backend — never
 * sized up front from {@code Content-Length} (the array grows with what arrived). Before a byte is read the
 * declared length is reserved in the {@link BodyBudget} (a chunked body reserves as it arrives); a client
 * over its share gets {@code 429 rate_limited}, a full budget {@code 503 unavailable}, both with
 * {@code Retry-After} and at once. The reservation is given back when the exchange ends. A body must keep
 * arriving: each window of {@link FrontDoorConfig#bodyWindow()} must bring
 * {@link FrontDoorConfig#bodyMinBytesPerSecond()} per second, or the connection is closed. A body that
 * cannot be read (bad chunk framing) is {@code 400 bad_request}.
 *
 * <p>A body over the cap gets {@code 413 payload_too_large}. A client that sends its whole body before reading
 * (most do, unless they asked {@code Expect: 100-continue}) would lose that answer if the connection were
 * closed under bytes it is still sending: the kernel answers unread data with a reset, which can reach the
 * client before it reads the 413. So the rest of such a body is read and thrown away first — up to
 * {@link fichas.balancer.ProxyConfig#maxDiscardedBodyBytes()} in all, at the same minimum pace — and only a larger
 * one is refused at once. Confined to the exchange's IO thread.
 */
final class BodyReader {
    private static final Logger log = LoggerFactory.getLogger(BodyReader.class);
    private static final int FIRST_CAPACITY = 16 * 1024;

    private final ProxyContext context;
    private final HttpServerExchange exchange;
    private final BiConsumer<HttpServerExchange, byte[]> done;
    private final InetAddress client;
    private final int max;
    private final long declared;
    private long reserved;
    private byte[] data = new byte[0];
    private int length;
    /** Body bytes read so far, kept or thrown away. */
    private long received;
    private long receivedAtWindowStart;
    /** Over the cap: the rest of the body is read and dropped, then the 413 goes out. */
    private boolean discarding;
    private StreamSourceChannel channel;
    private XnioExecutor.Key timer;
    private boolean finished;

    BodyReader(ProxyContext context, HttpServerExchange exchange, BiConsumer<HttpServerExchange, byte[]> done) {
        this.context = context;
        this.exchange = exchange;
        this.done = done;
        this.client = client(exchange);
        this.max = context.config().proxy().maxBodyBytes();
        this.declared = exchange.getRequestContentLength();
    }

    private static InetAddress client(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        return peer == null || peer.getAddress() == null ? InetAddress.getLoopbackAddress() : peer.getAddress();
    }

    void start() {
        if (declared > max) {
            if (declared > discardLimit() || HttpContinue.requiresContinueResponse(exchange)) {
                // too much to read for nothing, or a client that waits for our word before sending it
                tooLarge();
                return;
            }
            discarding = true;
        }
        // Given back however the exchange ends: answered, failed, or its connection closed.
        exchange.addExchangeCompleteListener((ex, next) -> {
            context.bodies().release(client, reserved);
            reserved = 0;
            next.proceed();
        });
        if (!discarding && !reserve(Math.max(0, declared))) {
            return;
        }
        channel = exchange.getRequestChannel();
        if (channel == null) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        FrontDoorConfig limits = context.config().frontDoor();
        long window = limits.bodyWindow().toMillis();
        timer = exchange.getIoThread().executeAfter(this::checkProgress, window, TimeUnit.MILLISECONDS);
        channel.getReadSetter().set(ch -> read());
        read();
    }

    private boolean reserve(long bytes) {
        BodyBudget.Verdict verdict = context.bodies().reserve(client, bytes);
        if (verdict == BodyBudget.Verdict.OK) {
            reserved += bytes;
            return true;
        }
        context.refused().increment();
        if (verdict == BodyBudget.Verdict.CLIENT_FULL) {
            refuse(ErrorCode.RATE_LIMITED, "this address has too many request bodies in flight");
        } else {
            refuse(ErrorCode.UNAVAILABLE, "the balancer has too many request bodies in flight");
        }
        return false;
    }

    private void read() {
        if (finished) {
            return;
        }
        try (PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n == -1) {
                    finish();
                    if (discarding) {
                        tooLarge();
                        return;
                    }
                    byte[] body = length == data.length ? data : java.util.Arrays.copyOf(data, length);
                    data = null;
                    done.accept(exchange, body);
                    return;
                }
                if (n == 0) {
                    channel.resumeReads();
                    return;
                }
                received += n;
                if (received > max && !discarding) {
                    startDiscarding();
                }
                if (discarding) {
                    if (received > discardLimit()) {
                        finish();
                        tooLarge();
                        return;
                    }
                    continue;
                }
                if (declared < 0 && !reserve(n)) {
                    finish();
                    return;
                }
                buffer.flip();
                append(buffer);
            }
        } catch (RequestTooBigException e) {
            // Undertow's backstop: a chunked body whose framing alone outgrew the room left for it
            finish();
            tooLarge();
        } catch (IOException e) {
            finish();
            // Bad chunk framing, or a client that went away (then nobody reads this answer).
            log.debug("request {} body unreadable: {}", RequestIds.of(exchange), e.toString());
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            ErrorResponses.send(exchange, ErrorCode.BAD_REQUEST, "the request body is not valid HTTP/1.1 framing", 0);
        }
    }

    private long discardLimit() {
        return context.config().proxy().maxDiscardedBodyBytes();
    }

    /** What was kept is dropped, and its reservation given back: nothing more of this body is kept. */
    private void startDiscarding() {
        discarding = true;
        data = null;
        length = 0;
        context.bodies().release(client, reserved);
        reserved = 0;
    }

    private void append(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (length + n > data.length) {
            int grown = Math.max(Math.max(FIRST_CAPACITY, data.length * 2), length + n);
            // never beyond what was declared (or the cap): the last growth is exact
            int ceiling = declared >= 0 ? (int) declared : max;
            data = java.util.Arrays.copyOf(data, Math.max(length + n, Math.min(grown, ceiling)));
        }
        chunk.get(data, length, n);
        length += n;
    }

    /** Once per window: the body must have brought its minimum since the last check. */
    private void checkProgress() {
        timer = null;
        if (finished) {
            return;
        }
        FrontDoorConfig limits = context.config().frontDoor();
        long window = limits.bodyWindow().toMillis();
        long needed = limits.bodyMinBytesPerSecond() * window / 1000;
        if (received - receivedAtWindowStart < needed) {
            finish();
            context.refused().increment();
            log.info("request {} {} {} from {}: body too slow ({} bytes in the last {} ms, {} needed), connection closed",
                    RequestIds.of(exchange), exchange.getRequestMethod(), exchange.getRequestURI(),
                    client.getHostAddress(), received - receivedAtWindowStart, window, needed);
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        receivedAtWindowStart = received;
        timer = exchange.getIoThread().executeAfter(this::checkProgress, window, TimeUnit.MILLISECONDS);
    }

    private void finish() {
        finished = true;
        if (timer != null) {
            timer.remove();
            timer = null;
        }
        if (channel != null) {
            channel.suspendReads();
            channel.getReadSetter().set(null);
        }
    }

    private void refuse(ErrorCode code, String message) {
        // The unread body cannot be skipped cheaply: close after answering rather than drain it.
        exchange.setPersistent(false);
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        ErrorResponses.send(exchange, code, message, 1);
    }

    private void tooLarge() {
        exchange.setPersistent(false);
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        ErrorResponses.send(exchange, ErrorCode.PAYLOAD_TOO_LARGE, "request body is over " + max + " bytes", 0);
    }
}
