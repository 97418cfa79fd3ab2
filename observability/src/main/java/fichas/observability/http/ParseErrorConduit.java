package fichas.observability.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Wraps a connection's raw socket so that the one response Undertow writes itself, without any handler —
 * {@code HTTP/1.1 400 Bad Request} with an empty body and {@code Connection: close}, for a request line or
 * header it cannot parse (bad characters, bare LF, a bad Content-Length, malformed percent-encoding...) —
 * goes out as the API.md JSON error instead. Every other write passes through unchanged: the canned bytes
 * are recognised only as a whole buffer written on its own, which is how Undertow writes them.
 * Confined to the connection's IO thread.
 */
public final class ParseErrorConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
    static final byte[] UNDERTOW_BAD_REQUEST =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

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
        if (src.remaining() != UNDERTOW_BAD_REQUEST.length) {
            return false;
        }
        int p = src.position();
        for (int i = 0; i < UNDERTOW_BAD_REQUEST.length; i++) {
            if (src.get(p + i) != UNDERTOW_BAD_REQUEST[i]) {
                return false;
            }
        }
        return true;
    }
}
