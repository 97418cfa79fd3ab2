package fichas.observability.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Wraps a connection's raw socket so that the responses Undertow writes itself, without any handler — the
 * canned {@code HTTP/1.1 400 Bad Request} with an empty body and {@code Connection: close}, for a request line
 * or header it cannot parse (bad characters, bare LF, a bad Content-Length, malformed percent-encoding, headers
 * over the size cap...), and the empty 400s of the Host-header check it runs before any handler ({@code 400 No
 * Host Header}, {@code Only One Host Header Allowed}, {@code Host Header Bad Characters}…) — go out as the
 * API.md JSON error instead. Every other write passes through unchanged: such a response is recognised only as
 * a whole head written on its own, a 400 with {@code Content-Length: 0} and no {@code X-Request-Id} (every
 * answer of a handler of the project carries one), which is how Undertow writes them.
 * Confined to the connection's IO thread.
 */
public final class ParseErrorConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
    static final byte[] UNDERTOW_BAD_REQUEST =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] STATUS_400 = "HTTP/1.1 400 ".getBytes(StandardCharsets.US_ASCII);
    /** Undertow's own empty 400s are a status line and a few headers; anything longer is not one of them. */
    private static final int MAX_CANNED_BYTES = 512;

    private final Supplier<byte[]> replacement;
    private ByteBuffer pending;

    private ParseErrorConduit(StreamSinkConduit next, Supplier<byte[]> replacement) {
        super(next);
        this.replacement = replacement;
    }

    /** Installs the conduit on {@code connection}; {@code replacement} makes the whole JSON response. */
    public static void install(StreamConnection connection, Supplier<byte[]> replacement) {
        connection.getSinkChannel().setConduit(
                new ParseErrorConduit(connection.getSinkChannel().getConduit(), replacement));
    }

    /**
     * A whole JSON error response for writing straight to a socket: the status line, {@code Connection:
     * close}, the given headers (each {@code "Name: value"}) and the body.
     */
    public static byte[] response(int status, String reason, String jsonBody, String... headers) {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason)
                .append("\r\nConnection: close\r\n")
                .append("Content-Type: application/json\r\nCache-Control: no-store\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (pending == null && !isCanned(src)) {
            return next.write(src);
        }
        if (pending == null) {
            pending = ByteBuffer.wrap(replacement.get());
        }
        next.write(pending);
        if (pending.hasRemaining()) {
            return 0; // Undertow writes again when the socket is writable; we go on with the replacement
        }
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    private static boolean isCanned(ByteBuffer src) {
        int length = src.remaining();
        if (length < UNDERTOW_BAD_REQUEST.length - 20 || length > MAX_CANNED_BYTES) {
            return false;
        }
        int p = src.position();
        for (int i = 0; i < STATUS_400.length; i++) { // no allocation on the writes of every other response
            if (src.get(p + i) != STATUS_400[i]) {
                return false;
            }
        }
        byte[] bytes = new byte[length];
        src.duplicate().get(bytes);
        String head = new String(bytes, StandardCharsets.ISO_8859_1);
        String lower = head.toLowerCase(Locale.ROOT);
        return head.endsWith("\r\n\r\n") && head.indexOf("\r\n\r\n") == length - 4
                && lower.contains("\r\ncontent-length: 0\r\n") && !lower.contains("\r\nx-request-id:");
    }
}
