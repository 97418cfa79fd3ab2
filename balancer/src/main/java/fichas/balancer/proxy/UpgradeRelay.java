package fichas.balancer.proxy;

import io.undertow.client.ClientExchange;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Transfer;
import java.io.IOException;
import org.xnio.ChannelExceptionHandler;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;

/**
 * Joins a client and a backend connection after a {@code 101 Switching Protocols} (WebSocket): bytes are
 * copied both ways until either side closes, then both are closed. Stateless; runs on the IO thread.
 */
final class UpgradeRelay {
    private UpgradeRelay() {
    }

    static void start(HttpServerExchange exchange, ClientExchange backend) {
        exchange.setStatusCode(101);
        for (HeaderValues values : backend.getResponse().getResponseHeaders()) {
            exchange.getResponseHeaders().putAll(values.getHeaderName(), values);
        }
        exchange.upgradeChannel((client, ex) -> {
            StreamConnection server;
            try {
                server = backend.getConnection().performUpgrade();
            } catch (IOException e) {
                IoUtils.safeClose(client, backend.getConnection());
                return;
            }
            ChannelExceptionHandler<java.nio.channels.Channel> closeBoth = (ch, e) -> IoUtils.safeClose(client, server);
            ByteBufferPool buffers = ex.getConnection().getByteBufferPool();
            pipe(client, server, closeBoth, buffers);
            pipe(server, client, closeBoth, buffers);
        });
        exchange.endExchange();
    }

    private static void pipe(StreamConnection from, StreamConnection to,
                             ChannelExceptionHandler<java.nio.channels.Channel> onError, ByteBufferPool buffers) {
        // On end of input, pass the half-close on (shutdown + flush), as ProxyHandler does.
        ChannelListener<StreamSinkChannel> halfClose = ChannelListeners.writeShutdownChannelListener(
                ChannelListeners.flushingChannelListener(ChannelListeners.closingChannelListener(), onError), onError);
        Transfer.initiateTransfer(from.getSourceChannel(), to.getSinkChannel(), ChannelListeners.closingChannelListener(),
                halfClose, onError, onError, buffers);
    }
}
