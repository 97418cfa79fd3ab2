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

    private static final Set<HttpString> MUTATING = Set.of(Methods.POST, Methods.PUT, Methods.PATCH, Methods.DELETE);

    private RetryPolicy() {
    }

    /** POST, PUT, PATCH and DELETE: the requests that write, routed by {@code WriteRouting}. */
    static boolean mutating(HttpString method) {
        return MUTATING.contains(method);
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
