package fichas.observability.http;

import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Makes "stop telling me the socket is readable" free until the socket actually becomes readable.
 *
 * <p>Undertow suspends reads on a connection while a request is served and resumes them when the answer is
 * done. The JDK's epoll selector turns an interest set that empties and refills across two selector rounds into
 * an {@code epoll_ctl(DEL)} and an {@code epoll_ctl(ADD)}: two system calls per request on every keep-alive
 * connection (1.84 per request measured on the balancer, where HAProxy makes 0.02). Yet a client that waits for
 * its answer — nearly every client — sends nothing in between, so nothing would have been reported anyway.
 *
 * <p>So a suspend only sets a flag, and the socket stays registered. If the socket does become readable while
 * the flag is set (a pipelined request, or the client closing), that one event is not passed on: the read
 * interest is really dropped then, and a later resume restores it, which (epoll being level-triggered) reports
 * the waiting bytes at once. Readiness is never lost, only a suspend delayed until it matters.
 *
 * <p>Suspend and resume may come from any thread; the readiness callback comes on the connection's IO thread.
 * After really dropping the interest there, the flag is read again, so a resume that raced with it is not
 * lost. Installed under every other conduit, right above the socket.
 */
public final class DeferredSuspendConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private volatile boolean suspended;
    /**
     * Wake-ups asked for and not yet delivered: XNIO delivers a {@link #wakeupReads()} as one readiness callback
     * from a queued task, even if reads were suspended in between, and so does the gate.
     */
    private final AtomicInteger wakeups = new AtomicInteger();

    DeferredSuspendConduit(StreamSourceConduit next) {
        super(next);
    }

    /** Puts the deferral right above the socket of {@code connection}; call before any other conduit wraps it. */
    public static void install(StreamConnection connection) {
        ConduitStreamSourceChannel channel = connection.getSourceChannel();
        DeferredSuspendConduit conduit = new DeferredSuspendConduit(channel.getConduit());
        channel.setConduit(conduit);
        // setConduit does not move the channel's readiness handler, which its constructor gave the socket's conduit
        // directly: without this the gate would never see readiness, and a suspend would never drop the interest —
        // bytes arriving while suspended would wake the IO thread in a loop until the next resume.
        conduit.setReadReadyHandler(new ReadReadyHandler.ChannelListenerHandler<>(channel));
    }

    @Override
    public void suspendReads() {
        suspended = true;
    }

    @Override
    public void resumeReads() {
        suspended = false;
        next.resumeReads();
    }

    @Override
    public void wakeupReads() {
        suspended = false;
        wakeups.incrementAndGet();
        next.wakeupReads();
    }

    @Override
    public boolean isReadResumed() {
        return !suspended && next.isReadResumed();
    }

    @Override
    public void setReadReadyHandler(ReadReadyHandler handler) {
        next.setReadReadyHandler(handler == null ? null : new Gate(handler));
    }

    /** Passes readiness on only while reads are wanted; otherwise drops the read interest for real. */
    private final class Gate implements ReadReadyHandler {
        private final ReadReadyHandler delegate;

        Gate(ReadReadyHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public void readReady() {
            if (!suspended || takeWakeup()) {
                delegate.readReady();
                return;
            }
            next.suspendReads();
            if (!suspended) {
                // resumed by another thread between the check and the suspend: undo it; the selector reports the
                // bytes again on its next round
                next.resumeReads();
            }
        }

        private boolean takeWakeup() {
            int n;
            do {
                n = wakeups.get();
                if (n == 0) {
                    return false;
                }
            } while (!wakeups.compareAndSet(n, n - 1));
            return true;
        }

        @Override
        public void forceTermination() {
            delegate.forceTermination();
        }

        @Override
        public void terminated() {
            delegate.terminated();
        }
    }
}
