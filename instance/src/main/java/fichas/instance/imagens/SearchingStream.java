package fichas.instance.imagens;

import fichas.core.http.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The buffer under {@link MultipartReader}: reads ahead just enough to tell whether the bytes
 * seen next start a delimiter, and hands out part bodies that end before it. Not thread-safe.
 */
final class SearchingStream extends InputStream {
    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private boolean eof;

    SearchingStream(InputStream in, byte[] delimiter) {
        this.in = in;
        this.delimiter = delimiter;
        this.buffer = new byte[64 * 1024];
        // The body starts with "--boundary" without the leading CRLF: pretend it was there.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /** Skips to just after the next delimiter (the preamble, or the rest of an unread part). */
    void skipToDelimiter() throws IOException {
        InputStream part = partStream();
        byte[] sink = new byte[8192];
        while (part.read(sink, 0, sink.length) != -1) {
            // discard
        }
    }

    /** A stream of the bytes up to (not including) the next delimiter; consumes the delimiter at its end. */
    InputStream partStream() {
        return new InputStream() {
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] out, int off, int len) throws IOException {
                if (done) {
                    return -1;
                }
                fill(delimiter.length);
                int found = indexOfDelimiter();
                int available = found >= 0 ? found - pos : Math.max(0, limit - pos - (delimiter.length - 1));
                if (found < 0 && eof && available == 0) {
                    throw ApiException.badRequest("the multipart body ended before its closing boundary");
                }
                if (available == 0 && found == pos) {
                    pos += delimiter.length;
                    done = true;
                    return -1;
                }
                int n = Math.min(len, available);
                System.arraycopy(buffer, pos, out, off, n);
                pos += n;
                return n;
            }
        };
    }

    /** One byte straight from the buffer (headers and the line after a delimiter). */
    int readRaw() throws IOException {
        fill(1);
        return pos < limit ? buffer[pos++] & 0xff : -1;
    }

    @Override
    public int read() throws IOException {
        return readRaw();
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        fill(1);
        if (pos >= limit) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buffer, pos, out, off, n);
        pos += n;
        return n;
    }

    private void fill(int wanted) throws IOException {
        if (limit - pos >= wanted || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < wanted || limit < buffer.length / 2) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n == -1) {
                eof = true;
                return;
            }
            limit += n;
            if (limit >= wanted && in.available() == 0) {
                return;
            }
        }
    }

    private int indexOfDelimiter() {
        outer:
        for (int i = pos; i <= limit - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "SearchingStream" + Arrays.toString(new int[] {pos, limit});
    }
}
