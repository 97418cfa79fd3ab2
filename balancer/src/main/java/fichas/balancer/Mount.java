package fichas.balancer;

import io.undertow.server.HttpHandler;

/**
 * The hook through which another module serves its own paths on the balancer's port, in front of the proxy: the
 * admin console (module {@code console}: {@code /balancer/...}, {@code /dashboard}, {@code /painel}) is mounted
 * this way by whoever composes the two (the supervisor's {@code BalancerChildMain}). The balancer itself knows
 * none of those paths.
 *
 * <p>Order of calls, all from {@link Balancer#start}: {@link #mount} once, before the port is bound; then
 * {@link #started} once the port is bound; {@link #close} from {@link Balancer#close()} after the server stopped
 * (or when the start failed after {@link #mount}).
 */
public interface Mount extends AutoCloseable {

    /**
     * Returns the handler that sees every request first (behind the request id and framing checks); it hands
     * the requests that are not its own to {@code proxy}, on the IO thread, unchanged.
     *
     * @param balancer the proxy's live counters and backends, read-only
     * @param proxy    the proxy chain (request counter, rate limits, proxying)
     */
    HttpHandler mount(BalancerState balancer, HttpHandler proxy);

    /** The port is bound and the health checks run: start any background work. */
    default void started() {
    }

    /** Stops what {@link #mount} and {@link #started} started. Idempotent. */
    @Override
    default void close() {
    }

    /** Nothing mounted: every request goes to the proxy. */
    static Mount none() {
        return (balancer, proxy) -> proxy;
    }
}
