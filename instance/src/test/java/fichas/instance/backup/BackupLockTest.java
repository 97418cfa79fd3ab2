package fichas.instance.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupLockTest {
    /** Exit 0 when it could take the lock, 3 when another process holds it. Run by the JDK's source launcher. */
    private static final String PROBE = """
            import java.nio.channels.FileChannel;
            import java.nio.channels.FileLock;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            public class Probe {
                public static void main(String[] args) throws Exception {
                    try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
                        FileLock lock = c.tryLock();
                        System.exit(lock == null ? 3 : 0);
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void a_second_attempt_in_the_holding_process_is_busy_and_leaves_the_lock_held_for_other_processes() throws Exception {
        Path backups = dir.resolve("backups");
        BackupLock lock = new BackupLock(backups);
        try (BackupLock.Held held = lock.acquire()) {
            assertThatThrownBy(() -> new BackupLock(backups).acquire()).isInstanceOf(BackupBusyException.class);
            assertThatThrownBy(lock::acquire).isInstanceOf(BackupBusyException.class);
            assertThatThrownBy(() -> new BackupLock(dir.resolve("x/../backups")).acquire())
                    .isInstanceOf(BackupBusyException.class);

            assertThat(probe(backups.resolve(".lock"))).as("another process while this one holds it").isEqualTo(3);
        }
        assertThat(probe(backups.resolve(".lock"))).as("another process after release").isZero();
        try (BackupLock.Held again = lock.acquire()) {
            assertThat(again).isNotNull();
        }
    }

    private int probe(Path lockFile) throws IOException, InterruptedException {
        Path source = dir.resolve("Probe.java");
        Files.writeString(source, PROBE);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), source.toString(), lockFile.toString()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
