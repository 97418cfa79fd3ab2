package fichas.balancer.proxy;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable byte array for one buffered response. Not thread-safe (one IO thread uses it). */
final class Bytes {
    private byte[] data;
    private int length;

    /** {@code expected}: the body size when the backend announced it, else a guess. */
    Bytes(int expected) {
        this.data = new byte[Math.max(0, expected)];
    }

    void append(ByteBuffer source) {
        int n = source.remaining();
        if (length + n > data.length) {
            data = Arrays.copyOf(data, Math.max(Math.max(data.length * 2, 4096), length + n));
        }
        source.get(data, length, n);
        length += n;
    }

    int length() {
        return length;
    }

    ByteBuffer asBuffer() {
        return ByteBuffer.wrap(data, 0, length);
    }
}
