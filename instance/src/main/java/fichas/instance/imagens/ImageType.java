package fichas.instance.imagens;

import java.util.Optional;

/** The image formats accepted, recognised by their magic bytes alone (never by name or declared type). */
enum ImageType {
    PNG("image/png"), JPEG("image/jpeg"), WEBP("image/webp");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    final String contentType;

    ImageType(String contentType) {
        this.contentType = contentType;
    }

    /** The format whose signature {@code head} (the file's first bytes) starts with. */
    static Optional<ImageType> detect(byte[] head) {
        if (startsWith(head, PNG_MAGIC, 0)) {
            return Optional.of(PNG);
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, "RIFF".getBytes(), 0) && startsWith(head, "WEBP".getBytes(), 8)) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, byte[] magic, int offset) {
        if (head.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
