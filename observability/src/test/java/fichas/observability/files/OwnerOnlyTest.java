package fichas.observability.files;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import fichas.observability.testing.CapturedLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** POSIX modes (Windows ACLs are applied by the same calls but cannot be checked on this CI). */
@DisabledOnOs(OS.WINDOWS)
class OwnerOnlyTest {
    @TempDir
    Path dir;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void new_directories_and_their_missing_parents_are_0700() throws Exception {
        Path deep = dir.resolve("a/b/c");

        OwnerOnly.directories(deep);

        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(deep)).isEqualTo("rwx------");
    }

    @Test
    void written_and_touched_files_are_0600_from_their_first_byte() throws Exception {
        Path secret = dir.resolve("x/secret");
        OwnerOnly.writeString(secret, "s3cr3t", StandardCharsets.UTF_8);
        Path empty = OwnerOnly.touch(dir.resolve("y/out.log"));

        assertThat(Files.readString(secret)).isEqualTo("s3cr3t");
        assertThat(mode(secret)).isEqualTo("rw-------");
        assertThat(mode(empty)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("x"))).isEqualTo("rwx------");
    }

    @Test
    void an_existing_looser_file_is_tightened_and_an_owner_only_one_is_left_alone() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

        assertThat(OwnerOnly.restrict(file)).isTrue();
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(OwnerOnly.restrict(file)).isFalse();
    }

    @Test
    void the_start_sweep_tightens_a_whole_tree_with_one_log_line_and_leaves_links_alone() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/media"));
        Path image = Files.writeString(data.resolve("img.png"), "png");
        Path db = Files.writeString(dir.resolve("data/fichas.db"), "db");
        Files.setPosixFilePermissions(dir.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Path outside = Files.writeString(dir.resolve("outside"), "o");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(dir.resolve("data/link"), outside);

        int changed;
        try (CapturedLogs logs = new CapturedLogs(OwnerOnlyTest.class)) {
            changed = OwnerOnly.tightenTree(dir.resolve("data"), LoggerFactory.getLogger(OwnerOnlyTest.class));
            assertThat(logs.at(Level.WARN)).hasSize(1);
            assertThat(logs.lines().get(0)).contains("4 files or directories were readable by other users");
        }

        assertThat(changed).isEqualTo(4);
        assertThat(mode(dir.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(image)).isEqualTo("rw-------");
        assertThat(mode(db)).isEqualTo("rw-------");
        assertThat(mode(outside)).isEqualTo("rw-r--r--");
        assertThat(OwnerOnly.tightenTree(dir.resolve("data"), LoggerFactory.getLogger(OwnerOnlyTest.class))).isZero();
    }
}
