package fichas.balancer.proxy;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.channels.StreamSourceChannel;

/**
 * Copies a backend response body to the client one read at a time through the exchange's
 * {@link Sender}: read, send, and read again only when the send has completed, so one buffer is enough
 * and a slow client slows the backend down instead of filling memory. Completion is seen directly (a read
 * of -1), so the backend connection goes back to its pool the moment the body is through. (Undertow's
 * {@code Transfer} into the raw response channel garbled chunked bodies here; the Sender path is the
 * one every Undertow handler uses.) Confined to the exchange's IO thread.
 */
final class StreamPump {

    /** Outcome callbacks; exactly one is called. */
    interface Done {
        void completed();

        void backendFailed(IOException e);

        void clientFailed(IOException e);
    }

    private static final int CHUNK = 16 * 1024;
    private final StreamSourceChannel source;
    private final HttpServerExchange exchange;
    private final Sender sender;
    private final Done done;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    private boolean sending;
    private boolean completedInline;
    private boolean finished;
    private boolean sourceEnded;

    StreamPump(StreamSourceChannel source, HttpServerExchange exchange, Done done) {
        this.source = source;
        this.exchange = exchange;
        this.sender = exchange.getResponseSender();
        this.done = done;
    }

    /** Sends {@code prefix} (bytes already read from the source), then the rest of the source. */
    void start(ByteBuffer prefix) {
        // A client connection closed under us (the front door's write-stall timeout, a reset) may leave the
        // sender's callback uncalled: let go of the backend side all the same.
        exchange.getConnection().addCloseListener(c -> {
            if (!finished) {
                finish();
                done.clientFailed(new java.nio.channels.ClosedChannelException());
            }
        });
        source.getReadSetter().set(ch -> {
            ch.suspendReads();
            pump();
        });
        send(prefix);
        if (completedInline) {
            pump();
        }
    }

    private void pump() {
        while (!finished) {
            buffer.clear();
            int n;
            try {
                n = sourceEnded ? -1 : fill();
            } catch (IOException e) {
                finish();
                done.backendFailed(e);
                return;
            }
            if (n == -1) {
                finish();
                done.completed();
                exchange.endExchange();
                return;
            }
            if (n == 0) {
                source.resumeReads();
                return;
            }
            buffer.flip();
            send(buffer);
            if (!completedInline) {
                return; // the send callback resumes the pump
            }
        }
    }

    /**
     * Reads what the backend has sent, as much as the buffer takes: several chunks of a chunked body that
     * arrived together (an event stream's events) leave in one write to the client, not one each. The
     * byte count, or 0 / -1 when nothing was read.
     */
    private int fill() throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = source.read(buffer);
            if (n == -1) {
                sourceEnded = true;
                return total == 0 ? -1 : total;
            }
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private void send(ByteBuffer data) {
        sending = true;
        completedInline = false;
        sender.send(data, new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender s) {
                if (sending) {
                    completedInline = true; // avoid recursion: the loop in pump() goes on
                } else {
                    pump();
                }
            }

            @Override
            public void onException(HttpServerExchange ex, Sender s, IOException e) {
                finish();
                done.clientFailed(e);
            }
        });
        sending = false;
    }

    private void finish() {
        finished = true;
        source.suspendReads();
        source.getReadSetter().set(null);
    }
}
