package fichas.observability.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.function.Supplier;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Follows the raw bytes of a connection, message by message, and checks the chunked framing that Undertow's
 * own chunk reader accepts too leniently: a chunk size must be 1–15 hex digits, optionally followed by
 * {@code ;extension}, and every framing line (size lines, the CRLF after a chunk's data, trailers) must end
 * in CRLF, never a bare LF. On a violation the JSON {@code 400} is written to the client at once (Undertow
 * could not: its chunk reader closes the connection without an answer) and the read fails, which closes the
 * connection. Headers themselves are left to Undertow's parser, which is strict about them; this class only
 * reads {@code Content-Length} and {@code Transfer-Encoding} to know where each body ends. After an upgrade
 * ({@code Upgrade} header) or a body delimited by the connection's end, it stops looking.
 * Confined to the connection's IO thread.
 */
public final class FramingConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private static final int MAX_LINE = 8 * 1024;
    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};

    private enum State { HEAD, FIXED, SIZE, SIZE_EXT, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, TRAILER_LF, OPAQUE }

    private final StreamConnection connection;
    private final Supplier<byte[]> badRequest;
    private State state = State.HEAD;
    private final StringBuilder line = new StringBuilder();
    private boolean sawRequestLine;
    private boolean chunked;
    private boolean otherCoding;
    private boolean upgrade;
    private long contentLength;
    private long remaining;
    private int digits;
    private boolean trailerLineEmpty = true;
    private boolean atLineStart = true;
    private boolean lineEmpty;
    private boolean capturing;
    /** The request line's last bytes (before its CR), as a ring: its version is checked at its end. */
    private final byte[] requestLineTail = new byte[16];
    private int requestLineLength;

    private FramingConduit(StreamConnection connection, StreamSourceConduit next, Supplier<byte[]> badRequest) {
        super(next);
        this.connection = connection;
        this.badRequest = badRequest;
    }

    public static void install(StreamConnection connection, Supplier<byte[]> badRequest) {
        connection.getSourceChannel().setConduit(
                new FramingConduit(connection, connection.getSourceChannel().getConduit(), badRequest));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = next.read(dst);
        if (n > 0 && state != State.OPAQUE) {
            check(dst, start, start + n);
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        long total = 0;
        for (int i = offs; i < offs + len; i++) {
            if (!dsts[i].hasRemaining()) {
                continue;
            }
            int n = read(dsts[i]);
            if (n == -1) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return org.xnio.conduits.Conduits.transfer(this, count, throughBuffer, target);
    }

    private void check(ByteBuffer buf, int from, int to) throws IOException {
        for (int i = from; i < to && state != State.OPAQUE; i++) {
            byte b = buf.get(i);
            switch (state) {
                case HEAD -> head(b);
                case FIXED -> {
                    long skip = Math.min(remaining, to - i);
                    remaining -= skip;
                    i += (int) skip - 1;
                    if (remaining == 0) {
                        nextMessage();
                    }
                }
                case SIZE -> size(b);
                case SIZE_EXT -> {
                    if (b == '\r') {
                        state = State.SIZE_LF;
                    } else if ((b < 0x20 && b != '\t') || b == 0x7f) {
                        fail("a control character in a chunk extension");
                    }
                }
                case SIZE_LF -> {
                    if (b != '\n') {
                        fail("a chunk size line not ended by CRLF");
                    }
                    if (remaining == 0) {
                        state = State.TRAILER;
                        trailerLineEmpty = true;
                    } else {
                        state = State.DATA;
                    }
                }
                case DATA -> {
                    long skip = Math.min(remaining, to - i);
                    remaining -= skip;
                    i += (int) skip - 1;
                    if (remaining == 0) {
                        state = State.DATA_CR;
                    }
                }
                case DATA_CR -> {
                    if (b != '\r') {
                        fail("chunk data not followed by CRLF");
                    }
                    state = State.DATA_LF;
                }
                case DATA_LF -> {
                    if (b != '\n') {
                        fail("chunk data not followed by CRLF");
                    }
                    state = State.SIZE;
                    digits = 0;
                    remaining = 0;
                }
                case TRAILER -> {
                    if (b == '\r') {
                        state = State.TRAILER_LF;
                    } else if (b == '\n') {
                        fail("a bare LF after the last chunk");
                    } else {
                        trailerLineEmpty = false;
                    }
                }
                case TRAILER_LF -> {
                    if (b != '\n') {
                        fail("a bare CR after the last chunk");
                    }
                    if (trailerLineEmpty) {
                        nextMessage();
                    } else {
                        state = State.TRAILER;
                        trailerLineEmpty = true;
                    }
                }
                default -> {
                }
            }
        }
    }

    private void size(byte b) throws IOException {
        int d = Character.digit(b, 16);
        if (d >= 0) {
            if (++digits > 15) {
                fail("a chunk size over 15 hex digits");
            }
            remaining = remaining * 16 + d;
        } else if (digits == 0) {
            fail("a chunk size that is not a hex number");
        } else if (b == ';') {
            state = State.SIZE_EXT;
        } else if (b == '\r') {
            state = State.SIZE_LF;
        } else {
            fail("a chunk size that is not a hex number");
        }
    }

    /**
     * Header lines are only read for framing; Undertow's parser judges them. Only the lines that matter
     * (the request line's start, Transfer-Encoding, Content-Length, Upgrade: first letter t, c or u) are
     * copied; the others are skipped byte by byte without allocating.
     */
    private void head(byte b) throws IOException {
        if (!sawRequestLine && b != '\r' && b != '\n') {
            requestLineTail[requestLineLength++ & (requestLineTail.length - 1)] = b;
        }
        if (b != '\n') {
            if (atLineStart) {
                atLineStart = false;
                lineEmpty = b == '\r';
                capturing = !sawRequestLine || b == 't' || b == 'T' || b == 'c' || b == 'C' || b == 'u' || b == 'U';
            } else if (b != '\r') {
                lineEmpty = false;
            }
            if (capturing && line.length() < (sawRequestLine ? MAX_LINE : 8)) {
                line.append((char) (b & 0xff));
            }
            return;
        }
        boolean empty = atLineStart || lineEmpty;
        atLineStart = true;
        if (!sawRequestLine) {
            if (!empty) {
                sawRequestLine = true;
                if (line.indexOf("PRI ") == 0 || line.indexOf("CONNECT ") == 0) {
                    state = State.OPAQUE;
                } else if (!versionIsHttp1()) {
                    fail("an HTTP version other than 1.x in the request line");
                }
            }
            requestLineLength = 0;
            line.setLength(0);
            return;
        }
        if (empty) {
            line.setLength(0);
            endOfHead();
            return;
        }
        if (!capturing) {
            return;
        }
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        String text = line.substring(0, end);
        line.setLength(0);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "transfer-encoding" -> {
                if (value.equals("chunked")) {
                    chunked = true;
                } else {
                    otherCoding = true;
                }
            }
            case "content-length" -> {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    otherCoding = true; // the parser refuses it; nothing to follow
                }
            }
            case "upgrade" -> upgrade = true;
            default -> {
            }
        }
    }

    /**
     * Undertow hands any {@code HTTP/x.y} it does not know to the handlers as HTTP/1.1, so {@code HTTP/9.9} was served
     * as if it were 1.1. A request line whose last word starts with {@code HTTP/} must say {@code HTTP/1.} and one
     * digit (RFC 9112 §2.3: a 1.x the server does not know is read as the highest 1.x it does). A line without a
     * version is left to Undertow's parser.
     */
    private boolean versionIsHttp1() {
        int kept = Math.min(requestLineLength, requestLineTail.length);
        int word = 0; // the last word's length, within the bytes kept
        while (word < kept && tailByte(word + 1) != ' ') {
            word++;
        }
        for (int i = 0; i < HTTP_SLASH.length; i++) {
            if (word <= i || tailByte(word - i) != HTTP_SLASH[i]) {
                return true; // not a version: Undertow's parser judges the line
            }
        }
        return word == 8 && tailByte(3) == '1' && tailByte(2) == '.' && Character.isDigit(tailByte(1));
    }

    /** The request line's {@code fromEnd}-th byte from its end (1 is the last), from the ring. */
    private byte tailByte(int fromEnd) {
        return requestLineTail[(requestLineLength - fromEnd) & (requestLineTail.length - 1)];
    }

    private void endOfHead() {
        if (upgrade || otherCoding || contentLength < 0) {
            state = State.OPAQUE; // upgraded, refused, or read to the end: nothing more to frame
        } else if (chunked) {
            state = State.SIZE;
            digits = 0;
            remaining = 0;
        } else if (contentLength > 0) {
            state = State.FIXED;
            remaining = contentLength;
        } else {
            nextMessage();
        }
    }

    private void nextMessage() {
        state = State.HEAD;
        sawRequestLine = false;
        chunked = false;
        otherCoding = false;
        upgrade = false;
        contentLength = 0;
        remaining = 0;
        line.setLength(0);
        atLineStart = true;
        requestLineLength = 0;
    }

    private void fail(String what) throws IOException {
        state = State.OPAQUE;
        try {
            var sink = connection.getSinkChannel();
            sink.write(ByteBuffer.wrap(badRequest.get()));
            sink.shutdownWrites();
            sink.flush();
        } catch (IOException e) {
            // the client is gone: nobody to answer
        }
        throw new IOException("invalid HTTP/1.1 framing: " + what);
    }
}
