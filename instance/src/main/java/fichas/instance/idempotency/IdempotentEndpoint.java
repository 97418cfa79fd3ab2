package fichas.instance.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import fichas.core.http.ApiException;
import fichas.instance.http.ApiRequest;
import fichas.instance.http.Endpoint;
import fichas.core.http.ErrorBody;
import fichas.instance.http.Json;
import fichas.core.http.RequestIds;
import fichas.instance.http.Responses;
import fichas.instance.http.Route.BodyKind;
import fichas.instance.http.Timestamps;
import fichas.instance.store.AfterWrite;
import io.undertow.util.HttpString;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a create endpoint so that a repeated {@code Idempotency-Key} gets the first answer again.
 *
 * <p>Without the header the endpoint runs as is. With it: a stored answer for (user, method + path,
 * key) is replayed when the body matches (same canonical JSON, or same bytes for uploads but for a multipart
 * body's boundary) and is
 * 409 {@code conflict} when it does not. Otherwise the endpoint runs with an {@link AfterWrite} handed to it
 * through {@link ApiRequest#handOffToWriter} (the route passes it to its create's write) that inserts the key, with the 201 answer ({@code Location} = path + "/" + id, body = the created
 * row), in the very savepoint that creates the row. So there is no "in progress" state: of two
 * simultaneous requests, the second one's insert of the key fails, its create is rolled back with
 * it, and it replays the first one's answer. A 4xx answer is stored after the fact; a 5xx is not.
 * Runs on the request's worker thread; blocking.
 */
final class IdempotentEndpoint implements Endpoint {
    static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 100;
    private static final Logger log = LoggerFactory.getLogger(IdempotentEndpoint.class);

    private final Endpoint delegate;
    private final BodyKind bodyKind;
    private final IdempotencyKeys keys;
    private final Clock clock;
    private final Duration ttl;

    IdempotentEndpoint(Endpoint delegate, BodyKind bodyKind, IdempotencyKeys keys, Clock clock, Duration ttl) {
        this.delegate = delegate;
        this.bodyKind = bodyKind;
        this.keys = keys;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public void handle(ApiRequest request) throws Exception {
        Optional<String> header = request.header(HEADER);
        if (header.isEmpty()) {
            delegate.handle(request);
            return;
        }
        KeyScope scope = new KeyScope(request.principal().userId(), route(request), validKey(header.get()));
        String jsonHash = bodyKind == BodyKind.JSON ? Fingerprints.ofJson(request.jsonObject()) : null;
        String now = Timestamps.now(clock);
        Optional<StoredResponse> stored = keys.find(scope, now);
        if (stored.isPresent()) {
            replay(request, stored.get(), hashOf(request, jsonHash));
            return;
        }
        String expiresAt = Timestamps.format(clock.instant().plus(ttl));
        try {
            runClaiming(request, scope, jsonHash, now, expiresAt);
        } catch (KeyTakenException e) {
            log.info("idempotency key {} of user {} on {} was used concurrently: replaying the first answer",
                    scope.key(), scope.userId(), scope.route());
            replay(request, keys.find(scope, now).orElseThrow(() -> e), hashOf(request, jsonHash));
        } catch (ApiException e) {
            Optional<String> hash = jsonHash != null ? Optional.of(jsonHash) : request.bodySha256();
            if (e.status() >= 400 && e.status() < 500 && hash.isPresent()) {
                keys.recordAnswer(scope, errorAnswer(request, e, hash.get()), now, expiresAt);
            }
            throw e;
        }
    }

    /** Runs the endpoint with the key handed to its create's write, which claims it in the same savepoint. */
    private void runClaiming(ApiRequest request, KeyScope scope, String jsonHash, String now, String expiresAt)
            throws Exception {
        AtomicBoolean handedOn = new AtomicBoolean();
        request.handOffToWriter((c, result) -> {
            handedOn.set(true);
            Optional<StoredResponse> answer = createdAnswer(request, result, jsonHash);
            if (answer.isPresent()) {
                keys.claimInTransaction(c, scope, answer.get(), now, expiresAt);
            }
        });
        delegate.handle(request);
        if (!handedOn.get()) {
            log.warn("idempotency key on {} not recorded: the route did not hand it to its write", scope.route());
        }
    }

    /** The JSON body's canonical hash, or for uploads the raw body's (reading what is left of it). */
    private static String hashOf(ApiRequest request, String jsonHash) throws Exception {
        return jsonHash != null ? jsonHash : uploadHash(request);
    }

    /** The 201 a create answers with, built from the row its write returned (absent when the result has no id). */
    private static Optional<StoredResponse> createdAnswer(ApiRequest request, Object result, String jsonHash) {
        JsonNode node = Json.MAPPER.valueToTree(result);
        Optional<String> hash = jsonHash != null ? Optional.of(jsonHash) : request.bodySha256();
        if (node == null || !node.path("id").canConvertToLong() || hash.isEmpty()) {
            log.warn("idempotency key on {} not recorded: the write returned no id or the body was not read",
                    route(request));
            return Optional.empty();
        }
        String location = path(request) + "/" + node.get("id").asLong();
        try {
            return Optional.of(new StoredResponse(hash.get(), 201, Responses.JSON, Map.of("Location", location),
                    Json.MAPPER.writeValueAsBytes(result)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a created row cannot be serialised", e);
        }
    }

    private static StoredResponse errorAnswer(ApiRequest request, ApiException e, String hash) throws Exception {
        byte[] body = ErrorBody.bytes(e, RequestIds.of(request.exchange()));
        return new StoredResponse(hash, e.status(), Responses.JSON, e.headers(), body);
    }

    private static void replay(ApiRequest request, StoredResponse stored, String hash) {
        if (!stored.requestHash().equals(hash)) {
            throw ApiException.conflict("this Idempotency-Key was already used with another body");
        }
        var exchange = request.exchange();
        exchange.setStatusCode(stored.status());
        stored.headers().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        exchange.getResponseHeaders().put(new HttpString("Idempotency-Replayed"), "true");
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, stored.contentType());
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_LENGTH, stored.body().length);
        exchange.getResponseSender().send(ByteBuffer.wrap(stored.body()));
    }

    /** The raw body's hash, reading (and discarding) what the endpoint has not read. */
    private static String uploadHash(ApiRequest request) throws Exception {
        if (request.bodySha256().isEmpty()) {
            request.bodyStream().transferTo(OutputStream.nullOutputStream());
        }
        return request.bodySha256().orElseThrow();
    }

    private static String validKey(String raw) {
        String key = raw.strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.badRequest(HEADER + " must be 1–" + MAX_KEY_LENGTH + " characters, but was "
                    + key.length());
        }
        return key;
    }

    private static String route(ApiRequest request) {
        return request.exchange().getRequestMethod() + " " + path(request);
    }

    /** The request path with numeric segments in canonical form ({@code /pedidos/007/} → {@code /pedidos/7}). */
    static String path(ApiRequest request) {
        StringBuilder out = new StringBuilder();
        for (String segment : request.exchange().getRequestPath().split("/")) {
            if (!segment.isEmpty()) {
                out.append('/').append(segment.matches("\\d{1,18}") ? Long.toString(Long.parseLong(segment)) : segment);
            }
        }
        return out.toString();
    }
}
