package fichas.instance.http;

import fichas.core.http.ApiException;
import fichas.core.http.ErrorCode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A request body read as a stream: 413 {@code payload_too_large} as soon as more than the limit
 * has arrived (nothing beyond is read), and a sha256 of its bytes ({@link BoundaryBlindDigest}: every byte but a
 * multipart body's delimiters), known once the end is reached.
 * Not thread-safe: one request's worker thread reads it.
 */
final class CappedDigestInputStream extends FilterInputStream {
    private final long limit;
    private final BoundaryBlindDigest digest;
    private long count;
    private String sha256;

    CappedDigestInputStream(InputStream in, long limit, BoundaryBlindDigest digest) {
        super(in);
        this.limit = limit;
        this.digest = digest;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (sha256 != null) {
            return -1;
        }
        int n = super.read(buffer, offset, (int) Math.min(length, limit + 1 - count));
        if (n == -1) {
            sha256 = digest.finish();
            return -1;
        }
        count += n;
        if (count > limit) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than " + limit + " bytes");
        }
        digest.update(buffer, offset, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The body's sha256 (hex), once the stream has been read to its end. */
    Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }
}
