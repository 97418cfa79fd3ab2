package fichas.instance.imagens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaFilesTest {
    @TempDir
    Path dir;

    private final List<Path> synced = new ArrayList<>();
    private final Set<String> referenced = new HashSet<>();

    private MediaFiles media() {
        return new MediaFiles(dir, referenced::contains, synced::add);
    }

    private MediaFiles.Received upload(MediaFiles media, byte[] bytes) throws Exception {
        MediaFiles.Received received = media.receive(new ByteArrayInputStream(bytes), 1024);
        media.publish(received);
        referenced.add(received.sha256());
        media.confirm(received);
        return received;
    }

    @Test
    void new_bytes_are_flushed_before_they_are_linked_under_their_hash() throws Exception {
        MediaFiles media = media();

        MediaFiles.Received received = upload(media, TinyImages.PNG);

        assertThat(synced).containsExactly(received.temp());
        assertThat(media.pathOf(received.sha256())).hasBinaryContent(TinyImages.PNG);
        assertThat(received.temp()).doesNotExist();
    }

    @Test
    void the_same_bytes_again_are_not_flushed_a_second_time_and_leave_no_temp_file() throws Exception {
        MediaFiles media = media();
        MediaFiles.Received first = upload(media, TinyImages.PNG);

        MediaFiles.Received again = upload(media, TinyImages.PNG);
        MediaFiles.Received other = upload(media, TinyImages.JPEG);

        assertThat(again.sha256()).isEqualTo(first.sha256());
        assertThat(synced).containsExactly(first.temp(), other.temp());
        assertThat(media.pathOf(first.sha256())).hasBinaryContent(TinyImages.PNG);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(first.sha256(), other.sha256());
        }
    }

    @Test
    void a_stored_file_released_between_publish_and_insert_is_published_again_and_flushed_then() throws Exception {
        MediaFiles media = media();
        upload(media, TinyImages.PNG);
        referenced.clear();
        synced.clear();

        MediaFiles.Received received = media.receive(new ByteArrayInputStream(TinyImages.PNG), 1024);
        media.publish(received); // the file exists: nothing flushed
        media.release(received.sha256()); // a concurrent delete of the last row that used it
        assertThat(media.pathOf(received.sha256())).doesNotExist();
        referenced.add(received.sha256()); // the upload's row is in
        media.confirm(received);

        assertThat(synced).containsExactly(received.temp());
        assertThat(media.pathOf(received.sha256())).hasBinaryContent(TinyImages.PNG);
    }
}
