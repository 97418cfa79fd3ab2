package fichas.supervisor.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CdsArchiveTest {
    @TempDir
    Path dir;

    private Path jar() throws Exception {
        return Files.writeString(dir.resolve("fichas-instance.jar"), "not really a jar");
    }

    private static String pendingFile(String option) {
        return option.substring("-XX:ArchiveClassesAtExit=".length());
    }

    @Test
    void withoutAnArchiveInstancesRecordOneAtExitAndTheFirstOneWrittenIsKept() throws Exception {
        CdsArchive cds = CdsArchive.forJar(jar(), dir.resolve("data"));
        String option = cds.options("8000").get(0);
        assertThat(option).startsWith("-XX:ArchiveClassesAtExit=");
        Files.writeString(Path.of(pendingFile(option)), "archive bytes");

        cds.exited("8000");

        assertThat(cds.options("8001")).hasSize(2).first().asString().startsWith("-XX:SharedArchiveFile=");
        assertThat(Path.of(pendingFile(option))).doesNotExist();
    }

    @Test
    void aKilledInstanceWritesNothingAndTheNextStartTriesAgain() throws Exception {
        CdsArchive cds = CdsArchive.forJar(jar(), dir.resolve("data"));
        cds.options("8000");
        cds.exited("8000");
        assertThat(cds.options("8000").get(0)).startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void anArchiveWrittenAsThePreviousRunEndedIsAdoptedByTheNextRun() throws Exception {
        Path jar = jar();
        String option = CdsArchive.forJar(jar, dir.resolve("data")).options("8002").get(0);
        Files.writeString(Path.of(pendingFile(option)), "archive bytes");

        CdsArchive nextRun = CdsArchive.forJar(jar, dir.resolve("data"));

        assertThat(nextRun.options("8000").get(0)).startsWith("-XX:SharedArchiveFile=");
    }

    @Test
    void aRebuiltJarGetsANewArchive() throws Exception {
        Path jar = jar();
        CdsArchive cds = CdsArchive.forJar(jar, dir.resolve("data"));
        String option = cds.options("8000").get(0);
        Files.writeString(Path.of(pendingFile(option)), "archive bytes");
        cds.exited("8000");

        Files.writeString(jar, "a rebuilt jar, longer than before");

        assertThat(CdsArchive.forJar(jar, dir.resolve("data")).options("8000").get(0)).startsWith("-XX:ArchiveClassesAtExit=");
    }
}
