package fichas.balancer;

/** What the balancer currently thinks of a backend. */
public enum BackendStatus {
    /** In rotation. */
    UP,
    /** Failed active checks, or was ejected by live-traffic errors; out of rotation until {@code rise} passes. */
    DOWN,
    /** Taken out by {@link Balancer#drain(String)}: no new requests, in-flight ones finish. */
    DRAINING
}
