package fichas.instance.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A sha256 of a request body that leaves out every occurrence of one byte pattern: for {@code multipart/form-data}
 * the delimiter {@code --<boundary>}, which a client picks anew for every request it builds. So an upload retried
 * with its {@code Idempotency-Key} after a lost answer (curl, a browser's new FormData) has the fingerprint of the
 * first attempt, while any change to a part's headers or bytes still changes it. Without a pattern, the plain
 * sha256 of every byte. Not thread-safe: one request's worker thread feeds it.
 */
final class BoundaryBlindDigest {
    private final MessageDigest digest;
    private final byte[] pattern;
    /** The last bytes seen that are a prefix of the pattern, held back until they are known not to be one. */
    private final byte[] pending;
    private int pendingLength;

    private BoundaryBlindDigest(byte[] pattern) {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.pattern = pattern;
        this.pending = new byte[Math.max(pattern.length, 1)];
    }

    /** Blind to the multipart delimiter when {@code contentType} is {@code multipart/…} with a boundary. */
    static BoundaryBlindDigest forContentType(String contentType) {
        boolean multipart = contentType != null && contentType.strip().regionMatches(true, 0, "multipart/", 0, 10);
        return new BoundaryBlindDigest(multipart ? MultipartBoundary.of(contentType)
                .map(b -> ("--" + b).getBytes(StandardCharsets.ISO_8859_1)).orElse(new byte[0]) : new byte[0]);
    }

    void update(byte[] bytes, int offset, int length) {
        if (pattern.length == 0) {
            digest.update(bytes, offset, length);
            return;
        }
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (pendingLength == 0) {
                // Fast path: everything before the next byte that could start the pattern goes straight in.
                int start = i;
                while (i < end && bytes[i] != pattern[0]) {
                    i++;
                }
                digest.update(bytes, start, i - start);
                if (i == end) {
                    return;
                }
            }
            hold(bytes[i++]);
        }
    }

    private void hold(byte b) {
        pending[pendingLength++] = b;
        int drop = 0;
        while (drop < pendingLength && !isPatternPrefix(drop)) {
            drop++;
        }
        if (drop > 0) {
            digest.update(pending, 0, drop);
            System.arraycopy(pending, drop, pending, 0, pendingLength - drop);
            pendingLength -= drop;
        }
        if (pendingLength == pattern.length) {
            pendingLength = 0; // a whole delimiter: left out
        }
    }

    private boolean isPatternPrefix(int from) {
        return Arrays.equals(pending, from, pendingLength, pattern, 0, pendingLength - from);
    }

    /** The hex sha256 of what was fed, the pattern's occurrences left out. */
    String finish() {
        digest.update(pending, 0, pendingLength);
        pendingLength = 0;
        return HexFormat.of().formatHex(digest.digest());
    }
}
