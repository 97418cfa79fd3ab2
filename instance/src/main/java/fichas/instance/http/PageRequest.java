package fichas.instance.http;

import fichas.core.http.ApiException;
import java.util.Optional;

/** {@code page} (from 1) and {@code size} (1–500, default 50) of a list; out of range is a 400, not a clamp. */
public record PageRequest(int page, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public static PageRequest of(ApiRequest request) {
        int page = parse("page", request.query("page"), 1, 1, Integer.MAX_VALUE / MAX_SIZE);
        int size = parse("size", request.query("size"), DEFAULT_SIZE, 1, MAX_SIZE);
        return new PageRequest(page, size);
    }

    public long offset() {
        return (long) (page - 1) * size;
    }

    private static int parse(String name, Optional<String> raw, int absent, int min, int max) {
        if (raw.isEmpty()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(raw.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiException.badRequest(name + " must be an integer between " + min + " and " + max
                + ", but was '" + raw.get() + "'");
    }
}
