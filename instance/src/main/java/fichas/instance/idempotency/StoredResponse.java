package fichas.instance.idempotency;

import java.util.Map;

/**
 * The answer given to the first request with a key, kept to be given again.
 *
 * @param requestHash sha256 of the first request's body (canonical JSON, or raw bytes for uploads, multipart delimiters left out)
 * @param headers     the headers that belong to the answer (Location, Retry-After), not per-request ones
 */
record StoredResponse(String requestHash, int status, String contentType, Map<String, String> headers, byte[] body) {
}
