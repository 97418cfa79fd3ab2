package fichas.supervisor.process;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code tail -F} for a few files, portable: prints the last lines of each, then polls for growth. A file that
 * shrank (truncated, or replaced by a new run) is read again from its start. Lines are prefixed with the file
 * name when there are several files.
 */
public final class LogFollower {
    private static final long POLL_MILLIS = 200;

    private final List<Path> files;
    private final PrintStream out;
    private final Map<Path, Long> positions = new LinkedHashMap<>();

    public LogFollower(List<Path> files, PrintStream out) {
        this.files = List.copyOf(files);
        this.out = out;
    }

    public void run(int lastLines, boolean follow, BooleanSupplier stop) throws InterruptedException {
        for (Path f : files) {
            LogTail.last(f, lastLines).forEach(l -> print(f, l));
            positions.put(f, f.toFile().length());
        }
        out.flush();
        while (follow && !stop.getAsBoolean()) {
            Thread.sleep(POLL_MILLIS);
            files.forEach(this::readNew);
            out.flush();
        }
    }

    private void readNew(Path f) {
        long length = f.toFile().length();
        long pos = positions.getOrDefault(f, 0L);
        if (length < pos) {
            pos = 0;
        }
        if (length == pos) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            raf.seek(pos);
            byte[] buf = new byte[(int) Math.min(length - pos, 1 << 20)];
            raf.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return; // wait for the rest of the line
            }
            text.substring(0, lastNewline).lines().forEach(l -> print(f, l));
            positions.put(f, pos + text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length);
        } catch (IOException e) {
            positions.put(f, 0L); // rotated away; start over when it is back
        }
    }

    private void print(Path f, String line) {
        if (files.size() > 1) {
            out.print("[" + f.getFileName() + "] ");
        }
        out.println(line);
    }
}
