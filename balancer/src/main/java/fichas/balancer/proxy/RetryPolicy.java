package fichas.balancer.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Set;

/**
 * Which requests may be sent again after a backend may already have acted on them. Requests that never
 * reached a backend are always retried; this decides the rest. Stateless.
 */
final class RetryPolicy {
    static final HttpString IDEMPOTENCY_KEY = HttpString.tryFromString("Idempotency-Key");
    private static final Set<HttpString> IDEMPOTENT = Set.of(Methods.GET, Methods.HEAD, Methods.PUT, Methods.DELETE,
            Methods.OPTIONS, Methods.TRACE);

    private static final String LOGIN_PATH = "/auth/login";
    private static final Set<HttpString> MUTATING = Set.of(Methods.POST, Methods.PUT, Methods.PATCH, Methods.DELETE);

    private RetryPolicy() {
    }

    /**
     * POST, PUT, PATCH and DELETE: the requests that write, routed by {@code WriteRouting}. A login is a
     * POST too, but its cost is the password hash, not its one session row: it is spread like a read, so
     * that a shift start's logins hash on every instance instead of queueing on the writer's login pool.
     */
    static boolean routedAsWrite(HttpString method, String path) {
        return MUTATING.contains(method) && !LOGIN_PATH.equals(path);
    }

    /** Idempotent by method, or a POST/PATCH whose {@code Idempotency-Key} lets the instance dedupe it. */
    static boolean replayable(HttpString method, HeaderMap headers) {
        if (IDEMPOTENT.contains(method)) {
            return true;
        }
        boolean keyed = headers.getFirst(IDEMPOTENCY_KEY) != null && !headers.getFirst(IDEMPOTENCY_KEY).isBlank();
        return keyed && (Methods.POST.equals(method) || Methods.PATCH.equals(method));
    }
}
