package fichas.balancer.proxy;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * The pools of one IO thread (one per backend) and the queue of requests on that thread waiting for a
 * free connection. Confined to its IO thread. The queue length is bounded across all threads by a shared
 * counter; a queued request gives up after the queue timeout.
 */
final class IoThreadPools {

    /** A request waiting for a connection. Called on the IO thread. */
    interface Waiter {
        /** Tries to start with a free connection; false when still nothing is free for it. */
        boolean tryStart();

        void queueTimedOut();
    }

    private final XnioIoThread thread;
    private final HostPool[] pools;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final AtomicInteger queued;
    private final int queueLimit;
    private final long queueTimeoutMs;
    private boolean serving;
    private boolean freedWhileServing;

    IoThreadPools(XnioIoThread thread, List<BackendState> backends, int perThread, long idleNanos,
                  AtomicInteger queued, int queueLimit, long queueTimeoutMs) {
        this.thread = thread;
        this.pools = new HostPool[backends.size()];
        for (BackendState b : backends) {
            pools[b.index()] = new HostPool(b, thread, this, perThread, idleNanos);
        }
        this.queued = queued;
        this.queueLimit = queueLimit;
        this.queueTimeoutMs = queueTimeoutMs;
    }

    HostPool pool(BackendState backend) {
        return pools[backend.index()];
    }

    /** Queues the waiter; false when the queue is full. */
    boolean enqueue(Waiter waiter) {
        if (queued.incrementAndGet() > queueLimit) {
            queued.decrementAndGet();
            return false;
        }
        waiters.addLast(waiter);
        XnioExecutor.Key unused = thread.executeAfter(() -> {
            if (waiters.remove(waiter)) {
                queued.decrementAndGet();
                waiter.queueTimedOut();
            }
        }, queueTimeoutMs, TimeUnit.MILLISECONDS);
        return true;
    }

    /** A connection slot came free: serve waiters in arrival order while they can start. */
    void slotFreed() {
        if (serving) {
            // A waiter started below released a slot synchronously; loop again instead of recursing.
            freedWhileServing = true;
            return;
        }
        serving = true;
        try {
            do {
                freedWhileServing = false;
                Waiter w;
                while ((w = waiters.peekFirst()) != null && w.tryStart()) {
                    waiters.pollFirst();
                    queued.decrementAndGet();
                }
            } while (freedWhileServing && !waiters.isEmpty());
        } finally {
            serving = false;
        }
    }

    void closeIdle() {
        for (HostPool p : pools) {
            p.closeIdle();
        }
    }
}
