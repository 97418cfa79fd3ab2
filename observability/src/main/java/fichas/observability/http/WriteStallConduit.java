package fichas.observability.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Closes a connection whose client stopped reading: once a write could not take every byte it was given
 * (the socket buffer is full), the client must accept at least one more byte within {@code timeout}, or
 * the connection is closed and the write in progress fails (the proxy then lets go of its backend
 * connection). It measures lack of progress, never total duration: a connection with nothing to write —
 * an idle keep-alive, an event stream between heartbeats — is never timed out here, and a slow reader
 * that keeps reading is never cut. (XNIO's {@code WRITE_TIMEOUT} counts from the previous write, so it
 * would cut an idle keep-alive connection on its next response.) Confined to the connection's IO thread.
 */
public final class WriteStallConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private final StreamConnection connection;
    private final long timeoutNanos;
    /** When the client last took bytes while output was waiting; -1 when nothing waits. */
    private long blockedSince = -1;
    private XnioExecutor.Key timer;

    private WriteStallConduit(StreamConnection connection, StreamSinkConduit next, long timeoutNanos) {
        super(next);
        this.connection = connection;
        this.timeoutNanos = timeoutNanos;
    }

    public static void install(StreamConnection connection, long timeoutMillis) {
        connection.getSinkChannel().setConduit(new WriteStallConduit(connection,
                connection.getSinkChannel().getConduit(), TimeUnit.MILLISECONDS.toNanos(timeoutMillis)));
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int want = src.remaining();
        int n = next.write(src);
        progress(n, n < want);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        long want = remaining(srcs, offs, len);
        long n = next.write(srcs, offs, len);
        progress(n, n < want);
        return n;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        int want = src.remaining();
        int n = next.writeFinal(src);
        progress(n, n < want);
        return n;
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        long want = remaining(srcs, offs, len);
        long n = next.writeFinal(srcs, offs, len);
        progress(n, n < want);
        return n;
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        long n = next.transferFrom(src, position, count);
        progress(n, n < count);
        return n;
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        long n = next.transferFrom(source, count, throughBuffer);
        progress(n, n < count && throughBuffer.hasRemaining());
        return n;
    }

    @Override
    public boolean flush() throws IOException {
        boolean flushed = next.flush();
        if (flushed) {
            blockedSince = -1;
        } else if (blockedSince == -1) {
            blockedSince = System.nanoTime();
            arm(timeoutNanos);
        }
        return flushed;
    }

    private void progress(long written, boolean stillWaiting) {
        if (!stillWaiting) {
            blockedSince = -1; // the usual case: no clock read
        } else if (written > 0 || blockedSince == -1) {
            blockedSince = System.nanoTime(); // the client took bytes: the clock starts again
            arm(timeoutNanos);
        }
    }

    private void arm(long delayNanos) {
        if (timer == null) {
            timer = getWriteThread().executeAfter(this::check, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        if (blockedSince == -1 || !connection.isOpen()) {
            return;
        }
        long waited = System.nanoTime() - blockedSince;
        if (waited >= timeoutNanos) {
            IoUtils.safeClose(connection);
            // wake whoever waits to write, so it sees the closed channel and lets go of its resources
            connection.getSinkChannel().wakeupWrites();
        } else {
            arm(timeoutNanos - waited);
        }
    }

    private static long remaining(ByteBuffer[] srcs, int offs, int len) {
        long n = 0;
        for (int i = offs; i < offs + len; i++) {
            n += srcs[i].remaining();
        }
        return n;
    }
}
