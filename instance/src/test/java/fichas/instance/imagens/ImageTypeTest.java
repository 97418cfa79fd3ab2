package fichas.instance.imagens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageTypeTest {
    @Test
    void png_jpeg_and_webp_are_recognised_by_their_first_bytes() {
        assertThat(ImageType.detect(TinyImages.PNG)).contains(ImageType.PNG);
        assertThat(ImageType.detect(TinyImages.JPEG)).contains(ImageType.JPEG);
        assertThat(ImageType.detect(TinyImages.WEBP)).contains(ImageType.WEBP);
    }

    @Test
    void look_alikes_and_truncated_signatures_are_not_images() {
        assertThat(ImageType.detect("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(ImageType.detect("GIF89a".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(ImageType.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEmpty();
        assertThat(ImageType.detect(new byte[] {(byte) 0xff, (byte) 0xd8})).isEmpty();
        assertThat(ImageType.detect(new byte[0])).isEmpty();
    }
}
