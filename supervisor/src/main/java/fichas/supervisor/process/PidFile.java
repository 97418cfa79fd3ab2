package fichas.supervisor.process;

import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A file of {@link PidRecord} lines, rewritten whole and atomically, so a reader never sees half a file. */
public final class PidFile {
    private final Path path;

    public PidFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public synchronized void write(Collection<PidRecord> records) {
        try {
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            String text = records.stream().map(PidRecord::line).collect(Collectors.joining("\n", "", "\n"));
            OwnerOnly.writeString(tmp, text, java.nio.charset.StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pid file " + path, e);
        }
    }

    public List<PidRecord> read() {
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        try {
            return Files.readAllLines(path).stream().map(PidRecord::parse).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pid file " + path, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete pid file " + path, e);
        }
    }
}
