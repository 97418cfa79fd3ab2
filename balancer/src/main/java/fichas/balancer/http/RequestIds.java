package fichas.balancer.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.UUID;
import java.util.regex.Pattern;

/** Where the request id of an exchange lives, and what counts as a valid one. Stateless. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** 1–128 characters of {@code [A-Za-z0-9._:-]}: safe to log and to echo in a header. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }

    /** The id {@link RequestIdHandler} chose for this exchange, or a fresh one if it did not run. */
    public static String of(HttpServerExchange exchange) {
        String id = exchange.getAttachment(KEY);
        if (id == null) {
            id = generate();
            exchange.putAttachment(KEY, id);
        }
        return id;
    }
}
