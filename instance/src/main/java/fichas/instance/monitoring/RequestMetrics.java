package fichas.instance.monitoring;

import fichas.core.metrics.LatencyHistogram;
import fichas.core.http.Route;
import fichas.core.http.Router;
import fichas.instance.http.StreamStart;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every request against its route template and method ({@code GET /clientes/{id}}, not each
 * id); a request that matched no route (404, 405, {@code OPTIONS}) counts under the route
 * {@code unmatched}. A route's figures start with its first request. The duration runs from when
 * Undertow parsed the request (the server must record request start times) to when the exchange
 * completed.
 *
 * <p>Per request: one attachment lookup, one hash-map lookup, a few {@link LongAdder} adds, one
 * histogram bucket increment and one Micrometer timer update; nothing allocated once the route
 * and status have been seen. Thread-safe.
 */
public final class RequestMetrics implements ExchangeCompletionListener {
    static final String UNMATCHED = "unmatched";
    private static final List<HttpString> KNOWN_METHODS = List.of(Methods.GET, Methods.HEAD, Methods.POST,
            Methods.PUT, Methods.PATCH, Methods.DELETE, Methods.OPTIONS);

    private final Map<Route, RouteStats> byRoute = new ConcurrentHashMap<>();
    private final Map<String, RouteStats> byMethodAndTemplate = new ConcurrentHashMap<>();
    private final Map<HttpString, RouteStats> unmatchedByMethod = new LinkedHashMap<>();
    private final RouteStats unmatchedOther;
    private final LongAdder inFlight = new LongAdder();
    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (HttpString method : KNOWN_METHODS) {
            unmatchedByMethod.put(method, byKey(method.toString(), UNMATCHED));
        }
        // Any other method token counts here, so a client cannot create series at will.
        unmatchedOther = byKey("OTHER", UNMATCHED);
    }

    /** Wraps {@code next} so that every request is counted in flight and recorded when it completes. */
    public HttpHandler around(HttpHandler next) {
        return exchange -> {
            inFlight.increment();
            exchange.addExchangeCompleteListener(this);
            next.handleRequest(exchange);
        };
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        try {
            inFlight.decrement();
            long started = exchange.getRequestStartTime();
            Long streamed = exchange.getAttachment(StreamStart.KEY);
            long nanos = started > 0 ? (streamed != null ? streamed : System.nanoTime()) - started : 0;
            statsOf(exchange).record(exchange.getStatusCode(), nanos);
        } finally {
            nextListener.proceed();
        }
    }

    private RouteStats statsOf(HttpServerExchange exchange) {
        Route route = exchange.getAttachment(Router.MATCHED);
        if (route != null) {
            RouteStats stats = byRoute.get(route);
            return stats != null ? stats : byRoute.computeIfAbsent(route,
                    r -> byKey(r.method().toString(), r.template()));
        }
        RouteStats unmatched = unmatchedByMethod.get(exchange.getRequestMethod());
        return unmatched != null ? unmatched : unmatchedOther;
    }

    private RouteStats byKey(String method, String template) {
        return byMethodAndTemplate.computeIfAbsent(method + " " + template,
                key -> new RouteStats(method, template, registry));
    }

    /** Requests being handled right now (received, not yet completed). */
    public long inFlight() {
        return Math.max(0, inFlight.sum());
    }

    /** Every route's figures since start, those with requests only, busiest first. */
    public List<RouteStats.Snapshot> performance() {
        return byMethodAndTemplate.values().stream()
                .filter(stats -> stats.count() > 0)
                .map(RouteStats::snapshot)
                .sorted(Comparator.comparingLong(RouteStats.Snapshot::count).reversed()
                        .thenComparing(RouteStats.Snapshot::route).thenComparing(RouteStats.Snapshot::method))
                .toList();
    }

    /** Totals over every route since start, for the sampler to difference. */
    Totals totals() {
        long requests = 0;
        long errors = 0;
        long[] histogram = new long[LatencyHistogram.LogLinear.BUCKETS];
        for (RouteStats stats : byMethodAndTemplate.values()) {
            requests += stats.count();
            errors += stats.errors();
            stats.addHistogramTo(histogram);
        }
        return new Totals(requests, errors, histogram);
    }

    /** Cumulative counts; {@code histogram} is the sum of every route's buckets. */
    record Totals(long requests, long errors, long[] histogram) {
    }
}
