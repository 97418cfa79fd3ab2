package fichas.observability.http;

import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * One plain-HTTP Undertow listener, started the way {@code Undertow.start()} starts one (same worker, socket
 * and buffer settings), with one difference: every accepted connection passes a {@link ConnectionHook}
 * before Undertow's parser sees it. That is where a connection can be refused at once, and where the raw
 * socket can be wrapped — {@link ParseErrorConduit} turns the empty {@code 400} that Undertow writes itself
 * on a request it cannot parse into the API.md JSON error. Under the hook's conduits, every connection gets a
 * {@link DeferredSuspendConduit}, which spares two system calls per keep-alive request. Thread-safe;
 * {@link #close()} is idempotent.
 */
public final class HttpListener implements AutoCloseable {

    /** Sees each accepted connection on its IO thread before Undertow does. Must not block. */
    @FunctionalInterface
    public interface ConnectionHook {
        /** True: hand it to Undertow (after wrapping it as needed); false: the hook answered and closes it. */
        boolean opened(StreamConnection connection);

        /** A connection {@link #opened} handed on has closed (called once, on its IO thread). */
        default void closed(StreamConnection connection) {
        }
    }

    private final XnioWorker worker;
    private final AcceptingChannel<StreamConnection> server;
    private final HttpOpenListener openListener;
    private final ByteBufferPool buffers;
    private final int port;
    private volatile boolean closed;

    private HttpListener(XnioWorker worker, AcceptingChannel<StreamConnection> server, HttpOpenListener openListener,
                         ByteBufferPool buffers) {
        this.worker = worker;
        this.server = server;
        this.openListener = openListener;
        this.buffers = buffers;
        this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /**
     * Binds and starts accepting. Throws {@link UncheckedIOException} if the port cannot be bound.
     *
     * @param serverOptions {@link UndertowOptions}; {@code NO_REQUEST_TIMEOUT} defaults to 60 s as in Undertow
     * @param backlog       the accept backlog
     */
    public static HttpListener start(String host, int port, int ioThreads, int workerThreads, int backlog,
                                     OptionMap serverOptions, HttpHandler handler, ConnectionHook hook) {
        XnioWorker worker;
        try {
            worker = Xnio.getInstance(HttpListener.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                    .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                    .set(Options.WORKER_TASK_CORE_THREADS, workerThreads)
                    .set(Options.WORKER_TASK_MAX_THREADS, workerThreads)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, backlog)
                .getMap();
        OptionMap undertowOptions = OptionMap.builder()
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .addAll(serverOptions)
                .getMap();
        // Undertow's own buffer size for a heap of 128 MiB or more: 16 KiB direct buffers; 32 cached per IO thread (a
        // proxied request holds a few at once), 2 per worker thread (a blocking handler uses one or two), 1,024 more
        // shared (16 MiB), the rest left to the collector.
        ByteBufferPool buffers = new ThreadLocalBufferPool(true, 16 * 1024 - 20, 32, 2, 1024);
        HttpOpenListener openListener = new HttpOpenListener(buffers, undertowOptions);
        openListener.setRootHandler(handler);
        ChannelListener<StreamConnection> gate = connection -> {
            DeferredSuspendConduit.install(connection);
            boolean accepted;
            try {
                accepted = hook.opened(connection);
            } catch (RuntimeException e) {
                IoUtils.safeClose(connection);
                throw e;
            }
            if (accepted) {
                openListener.handleEvent(connection);
                chainCloseListener(connection, hook);
            }
        };
        try {
            AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getByName(host), port),
                    ChannelListeners.openListenerAdapter(gate), socketOptions);
            server.resumeAccepts();
            return new HttpListener(worker, server, openListener, buffers);
        } catch (IOException e) {
            worker.shutdownNow();
            buffers.close();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    /** Undertow set its own close listener on the connection; ours runs after it. */
    private static void chainCloseListener(StreamConnection connection, ConnectionHook hook) {
        ChannelListener<? super StreamConnection> undertows = connection.getCloseListener();
        connection.setCloseListener(c -> {
            try {
                ChannelListeners.invokeChannelListener(c, undertows);
            } finally {
                hook.closed(c);
            }
        });
    }

    /** The port actually bound (the one asked for, or the one the OS chose for 0). */
    public int port() {
        return port;
    }

    /** Stops accepting, closes the open connections and stops the worker, as {@code Undertow.stop()} does. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        IoUtils.safeClose(server);
        openListener.closeConnections();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        buffers.close();
    }
}
