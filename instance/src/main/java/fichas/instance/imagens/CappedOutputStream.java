package fichas.instance.imagens;

import fichas.core.http.ErrorCode;
import fichas.core.http.ApiException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Counts, caps (413 {@code payload_too_large} as soon as the image passes its limit) and keeps the
 * first bytes of what passes through, for the magic-byte check. Not thread-safe.
 */
final class CappedOutputStream extends FilterOutputStream {
    private final long maxBytes;
    private final byte[] head = new byte[16];
    private long count;

    CappedOutputStream(OutputStream out, long maxBytes) {
        super(out);
        this.maxBytes = maxBytes;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (count + length > maxBytes) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the image is larger than " + maxBytes + " bytes");
        }
        if (count < head.length) {
            System.arraycopy(bytes, offset, head, (int) count, (int) Math.min(length, head.length - count));
        }
        count += length;
        out.write(bytes, offset, length);
    }

    long count() {
        return count;
    }

    byte[] head() {
        return Arrays.copyOf(head, (int) Math.min(count, head.length));
    }
}
