package fichas.instance.http;

import fichas.core.http.Access;

import fichas.instance.store.AfterWrite;
import fichas.core.http.ApiException;
import fichas.core.http.Principal;
import fichas.core.http.ErrorCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an endpoint sees of a request: path parameters, query parameters, the caller, and the
 * body read with the size and media-type rules of API.md. Blocking; used on a worker thread.
 */
public final class ApiRequest {
    /** API.md: an image upload's body may hold up to 8 MiB (the image itself, decoded, 5 MiB). */
    public static final long MAX_UPLOAD_BYTES = 8L * 1024 * 1024;
    private final HttpServerExchange exchange;
    private final Map<String, String> pathParams;
    private final Principal principal;
    private final Route.BodyKind bodyKind;
    private final int maxJsonBytes;
    private byte[] rawBody;
    private CappedDigestInputStream bodyStream;
    private AfterWrite afterWrite = AfterWrite.NONE;

    ApiRequest(HttpServerExchange exchange, Map<String, String> pathParams, Principal principal,
               Route.BodyKind bodyKind, int maxJsonBytes) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.principal = principal;
        this.bodyKind = bodyKind;
        this.maxJsonBytes = maxJsonBytes;
    }

    public HttpServerExchange exchange() {
        return exchange;
    }

    /** The caller; never null on routes that are not {@link Access#PUBLIC}. */
    /**
     * What the route must hand to its create's {@link fichas.instance.store.Database#write}: SQL that commits with
     * it (the idempotency key of this request), or {@link AfterWrite#NONE}.
     */
    public AfterWrite afterWrite() {
        return afterWrite;
    }

    /** Set by a decorator before the route runs (idempotent creates); explicit, no thread-local state. */
    public void handOffToWriter(AfterWrite hook) {
        this.afterWrite = java.util.Objects.requireNonNull(hook);
    }

    public Principal principal() {
        return principal;
    }

    /** A path parameter as it was in the path ({@code {name}} of the template); null for a name the template lacks. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A path id: a positive integer, else the resource cannot exist and the answer is 404. */
    public long pathId(String name) {
        String raw = pathParams.get(name);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to 404
        }
        throw ApiException.notFound("no resource with id '" + raw + "'");
    }

    public Optional<String> query(String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    /**
     * The body as a JSON object: 415 unless JSON, 413 over the limit, 400 when malformed or not an object, or when
     * a string in it is not valid Unicode ({@link UnpairedSurrogates}). Every JSON route reads its body here.
     */
    public ObjectNode jsonObject() {
        requireJsonContentType();
        byte[] bytes = body(maxJsonBytes);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw JsonErrors.badRequest(e);
        } catch (IOException e) {
            throw ApiException.badRequest("the body cannot be read");
        }
        if (node == null || node.isMissingNode()) {
            throw ApiException.badRequest("a JSON object body is required");
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        UnpairedSurrogates.rejectIn((ObjectNode) node);
        return (ObjectNode) node;
    }

    /** The raw body, up to {@code limit} bytes; 413 beyond (checked on Content-Length first, then while reading). */
    public byte[] body(long limit) {
        if (rawBody != null) {
            return rawBody;
        }
        long declared = exchange.getRequestContentLength();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = exchange.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw tooLarge(limit);
            }
            rawBody = bytes;
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
        }
    }

    /** The most a route's body may hold: the image-upload cap for {@link Route.BodyKind#UPLOAD}, else the JSON cap. */
    public long bodyLimit() {
        return bodyKind == Route.BodyKind.UPLOAD ? MAX_UPLOAD_BYTES : maxJsonBytes;
    }

    /**
     * The raw body as a stream, for bodies too large to hold in memory: 413 as soon as it passes
     * {@link #bodyLimit()} (on Content-Length first, then while reading). Hashed as it is read:
     * see {@link #bodySha256()}. Only one of this and {@link #body} may be used.
     */
    public InputStream bodyStream() {
        if (bodyStream == null) {
            if (exchange.getRequestContentLength() > bodyLimit()) {
                throw tooLarge(bodyLimit());
            }
            bodyStream = new CappedDigestInputStream(exchange.getInputStream(), bodyLimit(),
                    BoundaryBlindDigest.forContentType(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE)));
        }
        return bodyStream;
    }

    /**
     * The sha256 (hex) of the raw body once {@link #bodyStream()} has been read to its end; a multipart body's
     * boundary delimiters are left out of it ({@link BoundaryBlindDigest}).
     */
    public Optional<String> bodySha256() {
        return bodyStream == null ? Optional.empty() : bodyStream.sha256();
    }

    public String contentType() {
        String value = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        return value == null ? "" : value.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
    }

    private void requireJsonContentType() {
        String type = contentType();
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json, but was '" + (type.isEmpty() ? "(none)" : type) + "'");
        }
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than " + limit + " bytes");
    }

    public Route.BodyKind bodyKind() {
        return bodyKind;
    }

    public void respond(int status, Object body) {
        Responses.json(exchange, status, body);
    }

    public void created(String location, Object body) {
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        Responses.json(exchange, 201, body);
    }

    public void noContent() {
        Responses.noContent(exchange);
    }
}
