package fichas.observability.http;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.XnioIoThread;

/**
 * Undertow's buffer pool without its per-call cost: Undertow's {@code DefaultByteBufferPool} finds each
 * thread's cache in a synchronized {@code WeakHashMap}, which expunges its reference queue on every
 * allocate and free — 3–6 % of the balancer's CPU per request in the profile (docs/PERFORMANCE.md, issue 18).
 * Here each thread keeps free buffers in a plain {@link ThreadLocal} (IO threads allocate and free on
 * themselves, so the hot path takes no lock): up to {@code perIoThread} on an XNIO IO thread, up to
 * {@code perOtherThread} on any other. The second bound matters for an instance's worker threads: a request's
 * buffers, taken on the IO thread, are given back on the worker that served it, so with one bound for all
 * every one of 64 workers filled a 32-buffer cache the IO threads never drew from again (~32 MiB of direct
 * memory held by the writer after a load run, docs/PERFORMANCE.md). The rest go to one shared queue of at most
 * {@code shared} buffers, where the IO threads find them, and beyond that to the garbage collector. Thread-safe.
 */
public final class ThreadLocalBufferPool implements ByteBufferPool {
    private final boolean direct;
    private final int bufferSize;
    private final int perIoThread;
    private final int perOtherThread;
    private final int sharedMax;
    private final ThreadLocal<ArrayDeque<ByteBuffer>> local;
    private final ConcurrentLinkedQueue<ByteBuffer> shared = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sharedCount = new AtomicInteger();
    private final ThreadLocalBufferPool arrayBacked;
    private volatile boolean closed;

    public ThreadLocalBufferPool(boolean direct, int bufferSize, int perIoThread, int perOtherThread, int sharedMax) {
        if (bufferSize <= 0 || perIoThread < 0 || perOtherThread < 0 || sharedMax < 0) {
            throw new IllegalArgumentException("buffer size must be positive and the cache sizes at least 0");
        }
        this.direct = direct;
        this.bufferSize = bufferSize;
        this.perIoThread = perIoThread;
        this.perOtherThread = perOtherThread;
        this.sharedMax = sharedMax;
        this.local = ThreadLocal.withInitial(ArrayDeque::new);
        this.arrayBacked = direct
                ? new ThreadLocalBufferPool(false, bufferSize, perIoThread, perOtherThread, sharedMax) : this;
    }

    @Override
    public PooledByteBuffer allocate() {
        if (closed) {
            throw new IllegalStateException("the buffer pool is closed");
        }
        ByteBuffer buffer = local.get().pollFirst();
        if (buffer == null) {
            buffer = shared.poll();
            if (buffer != null) {
                sharedCount.decrementAndGet();
            } else {
                buffer = direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
            }
        }
        buffer.clear();
        return new Pooled(buffer);
    }

    private void free(ByteBuffer buffer) {
        if (closed) {
            return;
        }
        ArrayDeque<ByteBuffer> mine = local.get();
        if (mine.size() < (Thread.currentThread() instanceof XnioIoThread ? perIoThread : perOtherThread)) {
            mine.addFirst(buffer);
        } else if (sharedCount.incrementAndGet() <= sharedMax) {
            shared.add(buffer);
        } else {
            sharedCount.decrementAndGet();
        }
    }

    /** Free buffers kept now, on this thread and in the shared queue (for tests). */
    int cachedHere() {
        return local.get().size() + sharedCount.get();
    }

    @Override
    public ByteBufferPool getArrayBackedPool() {
        return arrayBacked;
    }

    @Override
    public void close() {
        closed = true;
        shared.clear();
        if (arrayBacked != this) {
            arrayBacked.close();
        }
    }

    @Override
    public int getBufferSize() {
        return bufferSize;
    }

    @Override
    public boolean isDirect() {
        return direct;
    }

    private final class Pooled implements PooledByteBuffer {
        private ByteBuffer buffer;

        Pooled(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getBuffer() {
            ByteBuffer b = buffer;
            if (b == null) {
                throw new IllegalStateException("the buffer was already given back to the pool");
            }
            return b;
        }

        @Override
        public void close() {
            ByteBuffer b = buffer;
            if (b != null) {
                buffer = null;
                free(b);
            }
        }

        @Override
        public boolean isOpen() {
            return buffer != null;
        }
    }
}
