package fichas.balancer.proxy;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.util.ArrayDeque;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioIoThread;

/**
 * Keep-alive connections from one IO thread to one backend. Undertow client connections belong to the
 * IO thread that opened them, so each IO thread has its own pool and no locks are needed: every method
 * must be called on {@link #thread}. Idle connections are reused newest first (the oldest ones are the
 * likeliest to have been closed by the backend) and never after {@code idleNanos}, which is kept below
 * the instance's own keep-alive timeout.
 */
final class HostPool {
    static final OptionMap CLIENT_OPTIONS = OptionMap.builder().set(Options.TCP_NODELAY, true).getMap();

    /** Told when a lease succeeds or fails. Called on the pool's IO thread. */
    interface Lease {
        void leased(ClientConnection connection, boolean reused);

        void failed(IOException e);
    }

    private record Idle(ClientConnection connection, long since) {
    }

    private final BackendState backend;
    private final XnioIoThread thread;
    private final IoThreadPools owner;
    private final int max;
    private final long idleNanos;
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();
    /** Leased + idle + connecting. */
    private int open;

    HostPool(BackendState backend, XnioIoThread thread, IoThreadPools owner, int max, long idleNanos) {
        this.backend = backend;
        this.thread = thread;
        this.owner = owner;
        this.max = max;
        this.idleNanos = idleNanos;
    }

    BackendState backend() {
        return backend;
    }

    boolean hasCapacity() {
        return !idle.isEmpty() || open < max;
    }

    void lease(ByteBufferPool buffers, Lease lease) {
        long now = System.nanoTime();
        Idle candidate;
        while ((candidate = idle.pollFirst()) != null) {
            if (candidate.connection.isOpen() && now - candidate.since < idleNanos) {
                lease.leased(candidate.connection, true);
                return;
            }
            IoUtils.safeClose(candidate.connection);
            open--;
        }
        open++;
        connect(buffers, new Lease() {
            @Override
            public void leased(ClientConnection connection, boolean reused) {
                lease.leased(connection, false);
            }

            @Override
            public void failed(IOException e) {
                open--;
                lease.failed(e);
                owner.slotFreed();
            }
        });
    }

    /** A connection outside the pool's accounting, for WebSocket upgrades that never come back. */
    void connect(ByteBufferPool buffers, Lease lease) {
        UndertowClient.getInstance().connect(new ClientCallback<>() {
            @Override
            public void completed(ClientConnection result) {
                lease.leased(result, false);
            }

            @Override
            public void failed(IOException e) {
                lease.failed(e);
            }
        }, backend.uri(), thread, buffers, CLIENT_OPTIONS);
    }

    /** Gives a leased connection back; a connection that is not {@code reusable} is closed. */
    void release(ClientConnection connection, boolean reusable) {
        if (reusable && connection.isOpen()) {
            idle.push(new Idle(connection, System.nanoTime()));
        } else {
            IoUtils.safeClose(connection);
            open--;
        }
        owner.slotFreed();
    }

    void closeIdle() {
        Idle i;
        while ((i = idle.pollFirst()) != null) {
            IoUtils.safeClose(i.connection);
            open--;
        }
    }
}
