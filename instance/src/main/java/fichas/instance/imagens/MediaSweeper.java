package fichas.instance.imagens;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a crash can leave in the media directory: temp and hidden files, and files no row
 * references (written, then the process died before the insert). Only files older than a grace
 * period are touched, so uploads in flight in this or another process are left alone. Blocking.
 */
public final class MediaSweeper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(MediaSweeper.class);

    private final MediaFiles media;
    private final Duration grace;
    private final Clock clock;

    public MediaSweeper(MediaFiles media, Duration grace, Clock clock) {
        this.media = media;
        this.grace = grace;
        this.clock = clock;
    }

    @Override
    public void run() {
        Instant cutoff = clock.instant().minus(grace);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(media.dir())) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isAfter(cutoff)) {
                    continue;
                }
                String name = file.getFileName().toString();
                if (name.startsWith(MediaFiles.TEMP_PREFIX)) {
                    MediaFiles.deleteQuietly(file);
                    removed++;
                } else if (name.startsWith(MediaFiles.TRASH_PREFIX)) {
                    media.settleHidden(file);
                    removed += Files.exists(file) ? 0 : 1;
                } else if (name.matches("[0-9a-f]{64}")) {
                    media.release(name);
                    removed += Files.exists(file) ? 0 : 1;
                }
            }
        } catch (IOException e) {
            log.warn("media directory {} sweep failed: {}", media.dir(), e.getMessage());
            return;
        }
        if (removed > 0) {
            log.info("media directory {} swept: {} orphan files removed", media.dir(), removed);
        }
    }
}
