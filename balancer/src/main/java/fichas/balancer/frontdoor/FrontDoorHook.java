package fichas.balancer.frontdoor;

import fichas.balancer.http.ErrorResponses;
import fichas.core.http.RequestIds;
import fichas.observability.http.FramingConduit;
import fichas.observability.http.HttpListener;
import fichas.observability.http.ParseErrorConduit;
import fichas.observability.http.WriteStallConduit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

/**
 * Every client connection passes here before Undertow parses a byte of it: a client address already
 * holding its cap of open connections gets {@code 429 rate_limited} with {@code Retry-After} and is closed
 * at once; an admitted connection gets the JSON {@code 400 bad_request} in place of Undertow's empty one
 * ({@link ParseErrorConduit}), strict chunked framing ({@link FramingConduit}) and is closed when its client stops reading a response
 * ({@link WriteStallConduit}). Runs on the connection's IO thread; never blocks.
 */
public final class FrontDoorHook implements HttpListener.ConnectionHook {
    /** How long a refused connection stays open after its 429, so the client reads it before the close. */
    private static final long REFUSED_LINGER_MS = 1000;

    private final ClientConnections connections;
    private final long writeStallMillis;
    private final LongAdder refused;

    public FrontDoorHook(ClientConnections connections, long writeStallMillis, LongAdder refused) {
        this.connections = connections;
        this.writeStallMillis = writeStallMillis;
        this.refused = refused;
    }

    @Override
    public boolean opened(StreamConnection connection) {
        InetAddress client = client(connection);
        if (!connections.open(client)) {
            refused.increment();
            refuse(connection);
            return false;
        }
        ParseErrorConduit.install(connection, FrontDoorHook::badRequest);
        FramingConduit.install(connection, FrontDoorHook::badRequest);
        WriteStallConduit.install(connection, writeStallMillis);
        return true;
    }

    @Override
    public void closed(StreamConnection connection) {
        connections.closed(client(connection));
    }

    static InetAddress client(StreamConnection connection) {
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        return peer == null ? InetAddress.getLoopbackAddress() : peer.getAddress();
    }

    private static byte[] badRequest() {
        String id = RequestIds.generate();
        return ParseErrorConduit.response(400, "Bad Request",
                ErrorResponses.body("bad_request", "the request is not valid HTTP/1.1 (request line, headers or chunked framing)", id),
                RequestIds.HEADER + ": " + id, "X-Instance: " + ErrorResponses.BALANCER_INSTANCE);
    }

    /** Writes the 429 without waiting (a fresh socket takes a few hundred bytes), then closes. */
    private static void refuse(StreamConnection connection) {
        String id = RequestIds.generate();
        ByteBuffer response = ByteBuffer.wrap(ParseErrorConduit.response(429, "Too Many Requests",
                ErrorResponses.body("rate_limited", "too many open connections from this address", id),
                "Retry-After: 1", RequestIds.HEADER + ": " + id,
                "X-Instance: " + ErrorResponses.BALANCER_INSTANCE));
        try {
            connection.getSinkChannel().write(response);
            connection.getSinkChannel().shutdownWrites();
            connection.getSinkChannel().flush();
        } catch (IOException e) {
            IoUtils.safeClose(connection);
            return;
        }
        // Closing at once could reset the connection before the client read the answer.
        connection.getIoThread().executeAfter(() -> IoUtils.safeClose(connection), REFUSED_LINGER_MS,
                TimeUnit.MILLISECONDS);
    }
}
