package fichas.instance.events;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * A {@code text/event-stream} response written without blocking: frames are queued and the
 * connection's IO thread writes what the socket takes, then waits for it to be writable again.
 */
final class SseSubscriber extends Subscriber {
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private final HttpServerExchange exchange;
    private final StreamSinkChannel channel;
    private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Reused by {@link #drain} (IO thread only) to hand the queued frames to one gathering write. */
    private final ByteBuffer[] batch = new ByteBuffer[64];

    private record Frame(ByteBuffer bytes, long counted) {
    }

    SseSubscriber(HttpServerExchange exchange, StreamSinkChannel channel, Set<String> types, long maxBytes,
                  int maxEvents) {
        super(Transport.SSE, types, maxBytes, maxEvents);
        this.exchange = exchange;
        this.channel = channel;
        channel.getWriteSetter().set(ch -> drain());
        channel.getCloseSetter().set(ch -> closedByPeer());
    }

    /** The first bytes: the reconnection delay for EventSource, and a comment that opens the stream. */
    void open(long retryMillis) {
        enqueue(new Frame(ByteBuffer.wrap(("retry: " + retryMillis + "\n: connected\n\n")
                .getBytes(StandardCharsets.UTF_8)), 0));
    }

    @Override
    long sizeOf(Event event) {
        return event.sse().length;
    }

    @Override
    void queue(Event event) {
        queue.add(new Frame(ByteBuffer.wrap(event.sse()), event.sse().length));
    }

    @Override
    void flush() {
        if (scheduled.compareAndSet(false, true)) {
            exchange.getIoThread().execute(this::drain);
        }
    }

    @Override
    void ping() {
        enqueue(new Frame(ByteBuffer.wrap(PING), 0));
    }

    @Override
    void disconnect() {
        exchange.getIoThread().execute(() -> IoUtils.safeClose(exchange.getConnection()));
    }

    private void enqueue(Frame frame) {
        queue.add(frame);
        flush();
    }

    /**
     * On the IO thread: writes what the socket takes, every queued frame in one gathering write (a
     * poll that found several events costs one write per subscriber, not one per event); resumes
     * writes to be called back for the rest.
     */
    private void drain() {
        scheduled.set(false);
        if (isClosed() || !channel.isOpen()) {
            return;
        }
        try {
            while (!queue.isEmpty()) {
                int n = 0;
                long offered = 0;
                for (Frame frame : queue) {
                    if (n == batch.length) {
                        break;
                    }
                    batch[n++] = frame.bytes();
                    offered += frame.bytes().remaining();
                }
                long wrote = channel.write(batch, 0, n);
                Arrays.fill(batch, 0, n, null);
                Frame head;
                while ((head = queue.peek()) != null && !head.bytes().hasRemaining()) {
                    queue.poll();
                    if (head.counted() > 0) {
                        written(head.counted());
                    }
                }
                if (wrote < offered) {
                    channel.resumeWrites(); // the socket is full: called back when it takes more
                    return;
                }
            }
            if (!channel.flush()) {
                channel.resumeWrites();
                return;
            }
            channel.suspendWrites();
        } catch (IOException e) {
            IoUtils.safeClose(exchange.getConnection());
            closedByPeer();
        }
    }
}
