package fichas.core.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Where the request id of an exchange lives, what counts as a valid one (API.md), and the headers it travels in. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final HttpString X_REQUEST_ID = new HttpString(HEADER);
    public static final HttpString X_INSTANCE = new HttpString("X-Instance");
    public static final HttpString X_CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
    static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);

    private RequestIds() {
    }

    /** 1–128 characters of {@code [A-Za-z0-9._:-]}: safe to log and to echo in a header. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * 128 random bits as a UUID-shaped string. ThreadLocalRandom, not SecureRandom: an id only has to be
     * unique, not unguessable, and the shared SecureRandom is a lock on every request.
     */
    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }

    /** The id {@link RequestIdHandler} chose for this exchange, or a fresh one (kept) if it did not run. */
    public static String of(HttpServerExchange exchange) {
        String id = exchange.getAttachment(KEY);
        if (id == null) {
            id = generate();
            exchange.putAttachment(KEY, id);
        }
        return id;
    }
}
