package fichas.instance.http;

import fichas.core.http.ApiException;
import fichas.core.http.ErrorTranslator;
import fichas.core.http.RequestIds;
import fichas.instance.store.StoreException;
import fichas.instance.store.StoreUnavailableException;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The instance's own exceptions with a known answer: the database unavailable is 503 with Retry-After. */
public final class StoreErrors implements ErrorTranslator {
    private static final Logger log = LoggerFactory.getLogger(StoreErrors.class);

    @Override
    public ApiException translate(HttpServerExchange exchange, Throwable error) {
        if (error instanceof StoreUnavailableException unavailable) {
            log.warn("request {} {} {}: database unavailable: {}", RequestIds.of(exchange),
                    exchange.getRequestMethod(), exchange.getRequestPath(), error.getMessage());
            return ApiException.unavailable("the database is unavailable, try again shortly",
                    unavailable.retryAfterSeconds());
        }
        if (error instanceof StoreException) {
            log.error("request {} {} {}: database error", RequestIds.of(exchange),
                    exchange.getRequestMethod(), exchange.getRequestPath(), error);
            return ApiException.internal();
        }
        return null;
    }
}
