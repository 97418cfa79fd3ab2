package fichas.instance.imagens;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Small valid images (1×1 pixel) and multipart bodies for upload tests. */
public final class TinyImages {
    public static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
    public static final byte[] JPEG = Base64.getDecoder().decode(
            "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////"
                    + "////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=");
    public static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    public static final String BOUNDARY = "----fichas-test-boundary-7MA4YWxkTrZu0gW";

    private TinyImages() {
    }

    /** A PNG signature followed by {@code size - 8} filler bytes. */
    public static byte[] pngOfSize(int size) {
        byte[] bytes = new byte[size];
        System.arraycopy(PNG, 0, bytes, 0, 8);
        return bytes;
    }

    public static String multipartType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    /** A form with a text field, then the file in field {@code field}. */
    public static byte[] multipart(String field, String filename, String declaredType, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "preamble to ignore\r\n--" + BOUNDARY + "\r\n");
        write(out, "Content-Disposition: form-data; name=\"comment\"\r\n\r\nfoto da peça\r\n--" + BOUNDARY + "\r\n");
        write(out, "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename + "\"\r\n");
        write(out, "Content-Type: " + declaredType + "\r\n\r\n");
        out.writeBytes(content);
        write(out, "\r\n--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
