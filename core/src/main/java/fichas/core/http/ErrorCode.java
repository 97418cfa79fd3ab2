package fichas.core.http;

/**
 * The one table of error codes every Fichas server answers with, each with its HTTP status: the codes of
 * API.md's "Errors" table, plus {@code internal_error} (docs/API.md: an unexpected failure) and the
 * balancer's own gateway answers ({@code bad_gateway}, {@code gateway_timeout}, docs/CONTRACTS.md). A new
 * code is added here first, then to docs/API.md.
 */
public enum ErrorCode {
    BAD_REQUEST(400, "bad_request"),
    VALIDATION_FAILED(400, "validation_failed"),
    UNAUTHENTICATED(401, "unauthenticated"),
    INVALID_CREDENTIALS(401, "invalid_credentials"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    CONFLICT(409, "conflict"),
    VERSION_CONFLICT(409, "version_conflict"),
    INVALID_TRANSITION(409, "invalid_transition"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    RATE_LIMITED(429, "rate_limited"),
    INTERNAL_ERROR(500, "internal_error"),
    BAD_GATEWAY(502, "bad_gateway"),
    UNAVAILABLE(503, "unavailable"),
    GATEWAY_TIMEOUT(504, "gateway_timeout");

    private final int status;
    private final String wire;

    ErrorCode(int status, String wire) {
        this.status = status;
        this.wire = wire;
    }

    public int status() {
        return status;
    }

    /** The {@code code} field of the error document. */
    public String wire() {
        return wire;
    }
}
