package fichas.balancer.proxy;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;

/**
 * One try of a request on one backend: lease a connection, send, read the response and hand it to a
 * {@link ResponseRelay}. Ends exactly once — success, failure or hand-over — guarded by {@code done};
 * late callbacks (a connect that completes after the timeout) are absorbed. Confined to the IO thread.
 */
final class Attempt {

    /** How far the request got; decides whether it may be retried. */
    enum Failure {
        /** The backend cannot have acted on it: connect failed, or a reused keep-alive connection broke before any response. */
        NOT_SENT,
        /** The backend may have acted on it. */
        SENT,
        /** No complete response within the attempt timeout. */
        TIMEOUT,
        /** Health checks declared the backend DOWN while this attempt waited on it. */
        BACKEND_DOWN
    }

    private final ProxyExchange owner;
    private final BackendState backend;
    private final HostPool pool;
    private final HttpServerExchange exchange;
    private ClientConnection connection;
    private boolean reused;
    private boolean requestWritten;
    private boolean done;
    private XnioExecutor.Key timer;
    /** This IO thread's attempts waiting on {@link #backend}. */
    private Set<Attempt> waiting;
    private long startNanos;

    Attempt(ProxyExchange owner, BackendState backend, HostPool pool) {
        this.owner = owner;
        this.backend = backend;
        this.pool = pool;
        this.exchange = owner.exchange();
    }

    BackendState backend() {
        return backend;
    }

    void run() {
        startNanos = System.nanoTime();
        backend.inFlight.incrementAndGet();
        waiting = backend.waitingOn(exchange.getIoThread());
        waiting.add(this);
        backend.requests.increment();
        timer = exchange.getIoThread().executeAfter(() -> fail(Failure.TIMEOUT, null), owner.attemptTimeoutMs(),
                TimeUnit.MILLISECONDS);
        HostPool.Lease lease = new HostPool.Lease() {
            @Override
            public void leased(ClientConnection c, boolean wasReused) {
                if (done) {
                    giveBack(c, !owner.dedicatedConnection());
                    return;
                }
                connection = c;
                reused = wasReused;
                send();
            }

            @Override
            public void failed(IOException e) {
                fail(Failure.NOT_SENT, e);
            }
        };
        if (owner.dedicatedConnection()) {
            pool.connect(exchange.getConnection().getByteBufferPool(), lease);
        } else {
            pool.lease(exchange.getConnection().getByteBufferPool(), lease);
        }
    }

    private void send() {
        io.undertow.client.ClientRequest request = ForwardedRequest.build(exchange, owner.body(), owner.upgrade(), backend);
        // Without Content-Length the client itself sends an empty body and closes the request side.
        boolean clientEndsRequest = !request.getRequestHeaders().contains(Headers.CONTENT_LENGTH);
        connection.sendRequest(request, new ClientCallback<>() {
            @Override
            public void completed(ClientExchange clientExchange) {
                clientExchange.setResponseListener(new ClientCallback<>() {
                    @Override
                    public void completed(ClientExchange result) {
                        onResponse(result);
                    }

                    @Override
                    public void failed(IOException e) {
                        // A reused connection that dies before any response byte was closed by the backend
                        // while idle: the request never reached the application.
                        fail(reused ? Failure.NOT_SENT : Failure.SENT, e);
                    }
                });
                if (clientEndsRequest) {
                    requestWritten = true;
                } else {
                    writeBody(clientExchange.getRequestChannel(), ByteBuffer.wrap(owner.body()));
                }
            }

            @Override
            public void failed(IOException e) {
                fail(Failure.NOT_SENT, e);
            }
        });
    }

    private void writeBody(StreamSinkChannel sink, ByteBuffer body) {
        try {
            while (body.hasRemaining()) {
                if (sink.write(body) == 0) {
                    sink.getWriteSetter().set(ch -> writeBody(sink, body));
                    sink.resumeWrites();
                    return;
                }
            }
            sink.shutdownWrites();
            if (sink.flush()) {
                sink.suspendWrites();
                requestWritten = true;
            } else {
                sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(
                        ch -> requestWritten = true, (ch, e) -> fail(reused ? Failure.NOT_SENT : Failure.SENT, e)));
                sink.resumeWrites();
            }
        } catch (IOException e) {
            fail(reused ? Failure.NOT_SENT : Failure.SENT, e);
        }
    }

    private void onResponse(ClientExchange result) {
        if (done) {
            return;
        }
        int status = result.getResponse().getResponseCode();
        if (status >= 500) {
            backend.errors.increment();
        }
        recordPassiveHealth(status);
        if (status >= 502 && status <= 504 && owner.wouldRetryElsewhere()) {
            // The backend says it cannot serve this now (stopping, overloaded, its database circuit
            // open); another may. Its small error body goes away with the connection.
            finish();
            giveBack(connection, false);
            owner.retryAfterBackendStatus(this, status);
            return;
        }
        if (status >= 500) {
            owner.failedWithBackendStatus();
        }
        if (owner.upgrade() && status == 101) {
            finish();
            UpgradeRelay.start(exchange, result);
            return;
        }
        new ResponseRelay(this, exchange, result, owner.responseBufferBytes(),
                owner.eventStream() && EventStreams.isEventStream(result.getResponse())).start();
    }

    /**
     * A backend's answer as passive health. A 503 is a prompt, deliberate "not now" from a live instance (a login
     * storm's Retry-After, an instance stopping): it neither ejects the backend nor clears its error streak. An
     * instance whose database is down says so on /health, and the active checks take it out.
     */
    private void recordPassiveHealth(int status) {
        if (status == 503) {
            return;
        }
        if (status >= 500) {
            owner.registry().recordError(backend);
        } else {
            owner.registry().recordSuccess(backend);
        }
    }

    /** The whole response is in memory: the connection can serve the next request. */
    void responseRead(ClientExchange result) {
        String connectionHeader = result.getResponse().getResponseHeaders().getFirst(Headers.CONNECTION);
        boolean keepAlive = requestWritten && !"close".equalsIgnoreCase(connectionHeader);
        finish();
        giveBack(connection, keepAlive);
    }

    /** Headers are going to the client: from here on the attempt can no longer be retried or timed out. */
    void committed() {
        cancelTimer();
        waiting.remove(this);
    }

    /** The backend was declared DOWN; called on this attempt's IO thread while it is still waiting. */
    void failOver() {
        fail(Failure.BACKEND_DOWN, null);
    }

    /** A streamed response ended; {@code clean} when the backend connection is fit for reuse. */
    void streamEnded(boolean clean) {
        if (done) {
            return;
        }
        finish();
        if (!clean) {
            backend.errors.increment();
        }
        giveBack(connection, clean && requestWritten);
    }

    /** The response broke while still buffered: the client saw nothing, so it may be retried. */
    void brokenBeforeCommit(IOException e) {
        fail(Failure.SENT, e);
    }

    private void fail(Failure failure, Throwable cause) {
        if (done) {
            return;
        }
        finish();
        if (connection != null) {
            giveBack(connection, false);
        }
        backend.errors.increment();
        owner.registry().recordError(backend);
        owner.attemptFailed(this, failure, cause);
    }

    private void finish() {
        done = true;
        waiting.remove(this);
        cancelTimer();
        backend.inFlight.decrementAndGet();
        backend.latency.record(System.nanoTime() - startNanos);
    }

    private void giveBack(ClientConnection c, boolean reusable) {
        if (owner.eventStream()) {
            IoUtils.safeClose(c);
            return;
        }
        if (owner.upgrade()) {
            if (!reusable) {
                IoUtils.safeClose(c);
            }
            return;
        }
        pool.release(c, reusable);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.remove();
            timer = null;
        }
    }
}
