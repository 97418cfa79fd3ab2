package fichas.observability.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.junit.jupiter.api.Test;

class ThreadLocalBufferPoolTest {

    @Test
    void aFreedBufferIsReusedClearedOnTheSameThread() {
        ThreadLocalBufferPool pool = new ThreadLocalBufferPool(true, 1024, 4, 4, 8);
        PooledByteBuffer first = pool.allocate();
        ByteBuffer buffer = first.getBuffer();
        assertThat(buffer.isDirect()).isTrue();
        assertThat(buffer.capacity()).isEqualTo(1024);
        buffer.put((byte) 1).flip();
        first.close();
        PooledByteBuffer second = pool.allocate();
        assertThat(second.getBuffer()).isSameAs(buffer);
        assertThat(second.getBuffer().position()).isZero();
        assertThat(second.getBuffer().limit()).isEqualTo(1024);
    }

    @Test
    void closingTwiceGivesTheBufferBackOnceAndAClosedHandleCannotBeUsed() {
        ThreadLocalBufferPool pool = new ThreadLocalBufferPool(false, 64, 4, 4, 8);
        PooledByteBuffer pooled = pool.allocate();
        pooled.close();
        pooled.close();
        assertThat(pooled.isOpen()).isFalse();
        assertThatThrownBy(pooled::getBuffer).isInstanceOf(IllegalStateException.class);
        // given back once: two allocations get two different buffers
        assertThat(pool.allocate().getBuffer()).isNotSameAs(pool.allocate().getBuffer());
    }

    @Test
    void theCachesAreBoundedAndBuffersFreedOnAnotherThreadAreReused() throws Exception {
        ThreadLocalBufferPool pool = new ThreadLocalBufferPool(false, 64, 5, 2, 3);
        List<PooledByteBuffer> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            held.add(pool.allocate());
        }
        Thread other = new Thread(() -> held.forEach(PooledByteBuffer::close));
        other.start();
        other.join();
        // the other thread (not an IO thread: it keeps 2, not 5) kept 2, the shared queue 3, the other 5 went to the collector
        assertThat(pool.cachedHere()).isEqualTo(3);
        ByteBuffer fromShared = pool.allocate().getBuffer();
        assertThat(held).noneMatch(PooledByteBuffer::isOpen);
        assertThat(pool.cachedHere()).isEqualTo(2);
        assertThat(fromShared.capacity()).isEqualTo(64);
    }

    @Test
    void anIoThreadKeepsItsLargerCacheAndAWorkerThreadOnlyASmallOne() throws Exception {
        ThreadLocalBufferPool pool = new ThreadLocalBufferPool(false, 64, 5, 1, 0);
        XnioWorker worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        try {
            CompletableFuture<Integer> keptOnIoThread = new CompletableFuture<>();
            worker.getIoThread().execute(() -> {
                List<PooledByteBuffer> held = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    held.add(pool.allocate());
                }
                held.forEach(PooledByteBuffer::close);
                keptOnIoThread.complete(pool.cachedHere());
            });
            assertThat(keptOnIoThread.get(10, TimeUnit.SECONDS)).isEqualTo(5);
            List<PooledByteBuffer> held = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                held.add(pool.allocate());
            }
            held.forEach(PooledByteBuffer::close);
            assertThat(pool.cachedHere()).isEqualTo(1);
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void theArrayBackedPoolGivesHeapBuffersAndAClosedPoolRefuses() {
        ThreadLocalBufferPool pool = new ThreadLocalBufferPool(true, 128, 2, 2, 2);
        assertThat(pool.getArrayBackedPool().isDirect()).isFalse();
        assertThat(pool.getArrayBackedPool().allocate().getBuffer().hasArray()).isTrue();
        assertThat(pool.getBufferSize()).isEqualTo(128);
        pool.close();
        assertThatThrownBy(pool::allocate).isInstanceOf(IllegalStateException.class);
    }
}
