package fichas.observability.files;

import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Logback's rolling file appender whose directory and current file are owner-only ({@link OwnerOnly}):
 * log lines carry usernames, client addresses and request paths. Rolled archives are written by
 * Logback's compressor inside the owner-only directory and tightened at the next start.
 */
public class OwnerOnlyRollingFileAppender<E> extends RollingFileAppender<E> {
    @Override
    public void openFile(String fileName) throws IOException {
        Path file = Path.of(fileName);
        if (file.toAbsolutePath().getParent() != null) {
            OwnerOnly.directories(file.toAbsolutePath().getParent());
        }
        OwnerOnly.touch(file);
        super.openFile(fileName);
    }
}
