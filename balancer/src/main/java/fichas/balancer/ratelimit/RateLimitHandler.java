package fichas.balancer.ratelimit;

import fichas.core.http.ErrorCode;
import fichas.balancer.http.ClientAddress;
import fichas.balancer.http.ErrorResponses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-client-IP rate limit with separate budgets for {@code /health} and everything else; over budget the
 * client gets {@code 429 rate_limited} with {@code Retry-After} in whole seconds. The key is the TCP peer
 * address, never {@code X-Forwarded-For}, which any client can write. Runs on the IO thread, never blocks.
 */
public final class RateLimitHandler implements HttpHandler {
    private final RateLimiter api;
    private final RateLimiter health;
    private final LongAdder limited;
    private final HttpHandler next;

    public RateLimitHandler(RateLimiter api, RateLimiter health, LongAdder limited, HttpHandler next) {
        this.api = api;
        this.health = health;
        this.limited = limited;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RateLimiter budget = "/health".equals(exchange.getRequestPath()) ? health : api;
        long waitNanos = budget.tryAcquire(ClientAddress.of(exchange));
        if (waitNanos > 0) {
            limited.increment();
            ErrorResponses.send(exchange, ErrorCode.RATE_LIMITED,
                    "over " + budget.perMinute() + " requests per minute from this address",
                    RateLimiter.retryAfterSeconds(waitNanos));
            return;
        }
        next.handleRequest(exchange);
    }
}
