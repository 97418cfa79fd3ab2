package fichas.instance.imagens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaSweeperTest {
    @TempDir
    Path dir;

    @Test
    void old_orphans_and_leftover_temp_files_are_swept_but_referenced_and_young_files_stay() throws Exception {
        Set<String> referenced = new java.util.HashSet<>();
        MediaFiles media = new MediaFiles(dir, referenced::contains);
        MediaFiles.Received kept = media.receive(new ByteArrayInputStream(TinyImages.PNG), 1024);
        media.publish(kept);
        media.confirm(kept);
        referenced.add(kept.sha256());
        MediaFiles.Received orphan = media.receive(new ByteArrayInputStream(TinyImages.JPEG), 1024);
        media.publish(orphan);
        MediaFiles.Received young = media.receive(new ByteArrayInputStream(TinyImages.WEBP), 1024);
        media.publish(young);
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        for (Path file : new Path[] {media.pathOf(kept.sha256()), media.pathOf(orphan.sha256()), orphan.temp()}) {
            Files.setLastModifiedTime(file, FileTime.from(now.minus(Duration.ofHours(1))));
        }
        Files.setLastModifiedTime(media.pathOf(young.sha256()), FileTime.from(now));

        new MediaSweeper(media, Duration.ofMinutes(10), Clock.fixed(now, java.time.ZoneOffset.UTC)).run();

        assertThat(media.pathOf(kept.sha256())).exists();
        assertThat(media.pathOf(orphan.sha256())).doesNotExist();
        assertThat(orphan.temp()).doesNotExist();
        assertThat(media.pathOf(young.sha256())).exists();
    }

    @Test
    void a_file_left_hidden_by_a_crash_comes_back_if_referenced_and_goes_if_not() throws Exception {
        Set<String> referenced = new java.util.HashSet<>();
        MediaFiles media = new MediaFiles(dir, referenced::contains);
        MediaFiles.Received kept = media.receive(new ByteArrayInputStream(TinyImages.PNG), 1024);
        MediaFiles.Received gone = media.receive(new ByteArrayInputStream(TinyImages.JPEG), 1024);
        referenced.add(kept.sha256());
        Path hiddenKept = Files.move(kept.temp(), dir.resolve(MediaFiles.TRASH_PREFIX + kept.sha256() + "-x"));
        Path hiddenGone = Files.move(gone.temp(), dir.resolve(MediaFiles.TRASH_PREFIX + gone.sha256() + "-y"));
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        for (Path file : new Path[] {hiddenKept, hiddenGone}) {
            Files.setLastModifiedTime(file, FileTime.from(now.minus(Duration.ofHours(1))));
        }

        new MediaSweeper(media, Duration.ofMinutes(10), Clock.fixed(now, java.time.ZoneOffset.UTC)).run();

        assertThat(Files.readAllBytes(media.pathOf(kept.sha256()))).isEqualTo(TinyImages.PNG);
        assertThat(hiddenKept).doesNotExist();
        assertThat(hiddenGone).doesNotExist();
        assertThat(media.pathOf(gone.sha256())).doesNotExist();
    }

    @Test
    void a_row_inserted_while_its_file_was_being_released_gets_its_file_back() throws Exception {
        Set<String> referenced = new java.util.HashSet<>();
        MediaFiles media = new MediaFiles(dir, referenced::contains);
        MediaFiles.Received upload = media.receive(new ByteArrayInputStream(TinyImages.PNG), 1024);
        media.publish(upload);
        // a concurrent delete of the last other row releases the file before this upload's row is in
        media.release(upload.sha256());
        referenced.add(upload.sha256());

        media.confirm(upload);

        assertThat(Files.readAllBytes(media.pathOf(upload.sha256()))).isEqualTo(TinyImages.PNG);
        assertThat(upload.temp()).doesNotExist();
    }
}
