package fichas.instance.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code boundary} parameter of a {@code multipart/…} Content-Type header (RFC 2046: 1–70 characters, quoted or not). */
public final class MultipartBoundary {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]{1,70})\"|([^;\\s]{1,70}))");

    private MultipartBoundary() {
    }

    public static Optional<String> of(String contentTypeHeader) {
        Matcher m = BOUNDARY.matcher(contentTypeHeader == null ? "" : contentTypeHeader);
        return m.find() ? Optional.of(m.group(2) != null ? m.group(2) : m.group(3)) : Optional.empty();
    }
}
