package fichas.balancer.proxy;

import fichas.balancer.http.ErrorResponses;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import org.xnio.IoUtils;

/**
 * The end of the handler chain: reads the request body into memory (so that it can be replayed on another
 * backend) and hands the request to a {@link ProxyExchange}. Everything stays on the exchange's IO thread
 * and nothing blocks.
 */
public final class ProxyHandler implements HttpHandler {
    private static final byte[] EMPTY = new byte[0];
    private final ProxyContext context;

    public ProxyHandler(ProxyContext context) {
        this.context = context;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        boolean upgrade = ForwardedRequest.isUpgrade(exchange);
        boolean hasBody = exchange.getRequestContentLength() > 0
                || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        if (upgrade || !hasBody) {
            // dispatch() tells Undertow the exchange lives on after this method returns.
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> new ProxyExchange(context, exchange, EMPTY, upgrade).start());
            return;
        }
        receiveBody(exchange);
    }

    private void receiveBody(HttpServerExchange exchange) {
        int max = context.config().maxBodyBytes();
        if (exchange.getRequestContentLength() > max) {
            tooLarge(exchange, max);
            return;
        }
        exchange.setMaxEntitySize(max);
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(max);
        receiver.receiveFullBytes(
                (ex, body) -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> new ProxyExchange(context, ex, body, false).start()),
                (ex, e) -> {
                    if (e instanceof RequestTooBigException) {
                        tooLarge(ex, max);
                    } else {
                        IoUtils.safeClose(ex.getConnection());
                    }
                });
    }

    private static void tooLarge(HttpServerExchange exchange, int max) {
        // The unread body cannot be skipped cheaply: close after answering rather than drain it.
        exchange.setPersistent(false);
        ErrorResponses.send(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                "request body is over " + max + " bytes", 0);
    }
}
