package fichas.core.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request's {@code Accept-Encoding} as RFC 9110 §12.5.3 reads it, for the one question our servers ask: gzip
 * or the bytes as they are? Coding names are case-insensitive ({@code GZIP}); {@code x-gzip} is gzip; {@code *}
 * stands for every coding the header does not name (gzip and identity included); {@code q=0} means "not
 * acceptable"; identity is acceptable unless {@code identity;q=0}, or {@code *;q=0} without an identity entry,
 * says otherwise. An element whose {@code q} is not a valid qvalue is ignored. Immutable and thread-safe.
 */
public final class AcceptEncoding {
    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");
    private static final AcceptEncoding ABSENT = new AcceptEncoding(0, 1, false);

    private final double gzip;
    private final double identity;
    private final boolean identityNamed;

    private AcceptEncoding(double gzip, double identity, boolean identityNamed) {
        this.gzip = gzip;
        this.identity = identity;
        this.identityNamed = identityNamed;
    }

    /**
     * @param headerValues every {@code Accept-Encoding} line of the request; null or empty when it sent none (then
     *                     only identity is acceptable)
     */
    public static AcceptEncoding parse(Iterable<String> headerValues) {
        if (headerValues == null || !headerValues.iterator().hasNext()) {
            return ABSENT;
        }
        Map<String, Double> q = new LinkedHashMap<>();
        for (String line : headerValues) {
            for (String element : line.split(",")) {
                element(element, q);
            }
        }
        Double star = q.get("*");
        Double gzip = q.containsKey("gzip") ? q.get("gzip") : q.getOrDefault("x-gzip", star);
        Double identity = q.getOrDefault("identity", star);
        return new AcceptEncoding(gzip == null ? 0 : gzip, identity == null ? 1 : identity, identity != null);
    }

    /** The first occurrence of a coding counts (a later duplicate changes nothing). */
    private static void element(String element, Map<String, Double> q) {
        String[] parts = element.split(";");
        String coding = parts[0].trim().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || q.containsKey(coding)) {
            return;
        }
        double weight = 1;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("q")) {
                String value = param.substring(eq + 1).trim();
                if (!QVALUE.matcher(value).matches()) {
                    return;
                }
                weight = Double.parseDouble(value);
            }
        }
        q.put(coding, weight);
    }

    /** The client accepts gzip ({@code gzip} or {@code *} with a q above 0). */
    public boolean gzipAcceptable() {
        return gzip > 0;
    }

    /** The client accepts the bytes without a content coding. */
    public boolean identityAcceptable() {
        return identity > 0;
    }

    /**
     * Whether to gzip a response the server can compress. With {@code worthIt} (large enough to gain) gzip is used
     * when acceptable and not ranked below an identity the client named itself (or through {@code *}). When it is
     * not worth it, gzip is used only if the client refused identity. When neither is acceptable the answer is
     * identity: the header is disregarded rather than answered 406 (RFC 9110 §12.1 allows both).
     */
    public boolean useGzip(boolean worthIt) {
        if (!gzipAcceptable()) {
            return false;
        }
        if (!identityAcceptable()) {
            return true;
        }
        return worthIt && !(identityNamed && identity > gzip);
    }
}
