package fichas.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundaryBlindDigestTest {
    private static final String TYPE = "multipart/form-data; boundary=abc";

    private static String digest(String contentType, String body, int chunk) {
        BoundaryBlindDigest digest = BoundaryBlindDigest.forContentType(contentType);
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += chunk) {
            digest.update(bytes, i, Math.min(chunk, bytes.length - i));
        }
        return digest.finish();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void withoutMultipartItIsThePlainSha256OfEveryByte() throws Exception {
        assertThat(digest("application/json", "{\"--abc\":1}", 3)).isEqualTo(sha256("{\"--abc\":1}"));
        assertThat(digest(null, "", 1)).isEqualTo(sha256(""));
    }

    @Test
    void everyDelimiterIsLeftOutAndNothingElse() throws Exception {
        String body = "--abc\r\nhead\r\n\r\n--ab-c---abc--\r\n";
        for (int chunk : new int[] {1, 2, 5, 1000}) {
            assertThat(digest(TYPE, body, chunk)).as("chunks of %d", chunk)
                    .isEqualTo(sha256("\r\nhead\r\n\r\n--ab-c---\r\n"));
        }
    }

    @Test
    void theSameFormWithAnotherBoundaryHasTheSameDigestAndOtherBytesDoNot() {
        String form = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nPNG--B-\r\n--B--\r\n";
        String first = digest("multipart/form-data; boundary=x7Q", form.replace("B", "x7Q"), 7);
        String retried = digest("Multipart/Form-Data; boundary=\"curl-9f2\"", form.replace("B", "curl-9f2"), 3);
        String changed = digest("multipart/form-data; boundary=x7Q", form.replace("B", "x7Q").replace("PNG", "JPG"), 7);

        assertThat(retried).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void chunkingNeverChangesTheDigest() {
        Random random = new Random(42);
        StringBuilder body = new StringBuilder();
        String alphabet = "-abc\r\nx";
        for (int i = 0; i < 5_000; i++) {
            body.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String whole = digest(TYPE, body.toString(), Integer.MAX_VALUE);
        for (int chunk : new int[] {1, 2, 3, 4, 5, 6, 64}) {
            assertThat(digest(TYPE, body.toString(), chunk)).as("chunks of %d", chunk).isEqualTo(whole);
        }
    }
}
