package fichas.instance.events;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.xnio.IoUtils;

/**
 * A WebSocket subscriber: one JSON text message per event ({@code {"id","type","data"}}), sent
 * without blocking by Undertow's WebSocket channel; a ping frame as the heartbeat. What the
 * client sends is read and ignored (close frames end the stream).
 */
final class WsSubscriber extends Subscriber {
    private static final ByteBuffer PING = ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII));

    private final WebSocketChannel channel;

    WsSubscriber(WebSocketChannel channel, Set<String> types, long maxBytes, int maxEvents) {
        super(Transport.WEBSOCKET, types, maxBytes, maxEvents);
        this.channel = channel;
        channel.getCloseSetter().set(ch -> closedByPeer());
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
        });
        channel.resumeReceives();
    }

    @Override
    long sizeOf(Event event) {
        return event.ws().length();
    }

    /** Undertow's WebSocket channel queues and writes each message itself. */
    @Override
    void queue(Event event) {
        long size = sizeOf(event);
        WebSockets.sendText(event.ws(), channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                written(size);
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                written(size);
                close();
            }
        });
    }

    @Override
    void flush() {
        // each message was handed to the channel by queue()
    }

    @Override
    void ping() {
        WebSockets.sendPing(PING.duplicate(), channel, null);
    }

    @Override
    void disconnect() {
        IoUtils.safeClose(channel);
    }
}
