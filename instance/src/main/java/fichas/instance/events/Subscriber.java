package fichas.instance.events;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One open stream. Events are handed over without blocking ({@link #offer}); the transport writes
 * them on the connection's IO thread and reports each written one ({@link #written}). What is
 * handed over and not yet written is this subscriber's buffer: past the limits (API.md: 1 MiB or
 * 10,000 events) it is disconnected, so a client that does not read never holds up the poller,
 * the writers or the other subscribers. Events at or below the last one handed over are skipped,
 * so the replay of a resume and the live stream never repeat one.
 */
abstract class Subscriber {
    enum Transport {
        SSE, WEBSOCKET
    }

    private final Transport transport;
    private final Set<String> types;
    private final long maxBytes;
    private final int maxEvents;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastSeq;
    private volatile Runnable onClose = () -> { };
    private volatile boolean slow;

    /** @param types the event types wanted; empty for all */
    Subscriber(Transport transport, Set<String> types, long maxBytes, int maxEvents) {
        this.transport = transport;
        this.types = types;
        this.maxBytes = maxBytes;
        this.maxEvents = maxEvents;
    }

    /** What {@link #accept} did with an event. */
    private enum Accepted {
        QUEUED, SKIPPED, CLOSED
    }

    /** Hands {@code event} to the transport unless it was seen or filtered out; false once closed. */
    final synchronized boolean offer(Event event) {
        Accepted accepted = accept(event);
        if (accepted == Accepted.QUEUED) {
            flush();
        }
        return accepted != Accepted.CLOSED;
    }

    /**
     * Hands a poll's new events over as one batch: the transport writes them together (one socket write
     * for the lot, not one per event — with many subscribers that is most of the cost of fan-out); a batch
     * that is all filtered out costs no write at all. False once closed.
     */
    final synchronized boolean offerAll(List<Event> events) {
        boolean queued = false;
        for (Event event : events) {
            Accepted accepted = accept(event);
            if (accepted == Accepted.CLOSED) {
                return false;
            }
            queued |= accepted == Accepted.QUEUED;
        }
        if (queued) {
            flush();
        }
        return true;
    }

    private Accepted accept(Event event) {
        if (closed.get()) {
            return Accepted.CLOSED;
        }
        if (event.seq() <= lastSeq && !Event.RESET.equals(event.type())) {
            return Accepted.SKIPPED;
        }
        lastSeq = Math.max(lastSeq, event.seq());
        if (!types.isEmpty() && !types.contains(event.type()) && !Event.RESET.equals(event.type())) {
            return Accepted.SKIPPED;
        }
        long bytes = pendingBytes.addAndGet(sizeOf(event));
        int count = pendingEvents.incrementAndGet();
        if (bytes > maxBytes || count > maxEvents) {
            slow = true;
            close();
            return Accepted.CLOSED;
        }
        queue(event);
        return Accepted.QUEUED;
    }

    /** A keep-alive (SSE comment, WebSocket ping); not counted as an event. */
    final void heartbeat() {
        if (!closed.get()) {
            ping();
        }
    }

    /** The transport finished writing one event of {@code bytes}. */
    final void written(long bytes) {
        pendingBytes.addAndGet(-bytes);
        pendingEvents.decrementAndGet();
    }

    /**
     * Blocks (a worker thread replaying a resume) until the buffer is at most half full; false when
     * the subscriber closed or did not read for {@code timeoutMillis}.
     */
    final boolean awaitRoom(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (pendingBytes.get() > maxBytes / 2 || pendingEvents.get() > maxEvents / 2) {
            if (closed.get() || System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return !closed.get();
    }

    final void startAfter(long seq) {
        lastSeq = seq;
    }

    final long lastSeq() {
        return lastSeq;
    }

    final Transport transport() {
        return transport;
    }

    /** True when it was disconnected for not reading. */
    final boolean wasSlow() {
        return slow;
    }

    final boolean isClosed() {
        return closed.get();
    }

    final long pendingBytes() {
        return pendingBytes.get();
    }

    final void onClose(Runnable action) {
        this.onClose = action;
    }

    /** Ends the stream (idempotent): the connection is closed and the hub forgets it. */
    final void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                disconnect();
            } finally {
                onClose.run();
            }
        }
    }

    /** Marks the stream closed from the transport's side (the client went away). */
    final void closedByPeer() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    abstract long sizeOf(Event event);

    /** Queues {@code event} for writing at the next {@link #flush}; must not block. */
    abstract void queue(Event event);

    /** Starts writing what was queued (on the connection's IO thread); must not block. */
    abstract void flush();

    abstract void ping();

    abstract void disconnect();
}
