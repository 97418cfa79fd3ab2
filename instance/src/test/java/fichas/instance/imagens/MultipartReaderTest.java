package fichas.instance.imagens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.core.http.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
    private static final String TYPE = TinyImages.multipartType();

    /** Hands out at most three bytes per read, to cross every buffer edge. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    @Test
    void content_that_almost_contains_the_boundary_is_passed_through_whole() throws IOException {
        byte[] content = ("before\r\n--" + TinyImages.BOUNDARY.substring(0, 10) + "after\r\n-\r\n--x")
                .getBytes(StandardCharsets.ISO_8859_1);
        MultipartReader reader = new MultipartReader(trickle(TinyImages.multipart("file", "a.bin", "x/y", content)), TYPE);

        MultipartReader.Part comment = reader.next().orElseThrow();
        assertThat(new String(comment.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("foto da peça");
        MultipartReader.Part file = reader.next().orElseThrow();

        assertThat(file.name()).isEqualTo("file");
        assertThat(file.filename()).isEqualTo("a.bin");
        assertThat(file.body().readAllBytes()).isEqualTo(content);
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void an_unread_part_is_skipped_when_the_next_is_asked_for() throws IOException {
        byte[] content = new byte[200_000];
        Arrays.fill(content, (byte) 7);
        MultipartReader reader = new MultipartReader(
                new ByteArrayInputStream(TinyImages.multipart("file", "big", "x/y", content)), TYPE);

        reader.next();
        MultipartReader.Part file = reader.next().orElseThrow();

        assertThat(file.body().readAllBytes()).isEqualTo(content);
    }

    @Test
    void an_rfc_5987_file_name_is_decoded() throws IOException {
        String body = "--" + TinyImages.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename*=UTF-8''pe%C3%A7a%20nova.png\r\n\r\nxyz\r\n--" + TinyImages.BOUNDARY + "--\r\n";
        MultipartReader reader = new MultipartReader(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), TYPE);

        assertThat(reader.next().orElseThrow().filename()).isEqualTo("peça nova.png");
    }

    @Test
    void backslashes_in_a_quoted_file_name_are_kept_as_typed() throws IOException {
        String body = "--" + TinyImages.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"C:\\fotos\\foto.jpg\"\r\n\r\nxyz\r\n--" + TinyImages.BOUNDARY + "--\r\n";
        MultipartReader reader = new MultipartReader(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), TYPE);

        assertThat(reader.next().orElseThrow().filename()).isEqualTo("C:\\fotos\\foto.jpg");
    }

    @Test
    void a_body_cut_before_its_closing_boundary_is_a_bad_request() {
        byte[] whole = TinyImages.multipart("file", "a.png", "image/png", TinyImages.PNG);
        byte[] cut = Arrays.copyOf(whole, whole.length - 30);

        assertThatThrownBy(() -> {
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), TYPE);
            reader.next();
            reader.next().orElseThrow().body().readAllBytes();
        }).isInstanceOf(ApiException.class).hasMessageContaining("ended");
    }
}
