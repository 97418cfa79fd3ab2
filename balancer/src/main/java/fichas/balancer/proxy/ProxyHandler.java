package fichas.balancer.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

/**
 * The end of the handler chain: reads the request body into memory as it arrives ({@link BodyReader}, so that
 * it can be replayed on another backend) and hands the request to a {@link ProxyExchange}. Everything stays on the exchange's IO thread
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
        new BodyReader(context, exchange, (ex, body) ->
                ex.dispatch(SameThreadExecutor.INSTANCE, () -> new ProxyExchange(context, ex, body, false).start())).start();
    }
}
