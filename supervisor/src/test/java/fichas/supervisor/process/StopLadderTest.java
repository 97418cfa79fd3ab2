package fichas.supervisor.process;

import fichas.supervisor.support.TestEnv;
import fichas.supervisor.testchild.TestInstance;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StopLadderTest {
    private static Process child(String mode) throws Exception {
        Path out = Files.createTempFile("ladder-" + mode + "-", ".out");
        ProcessBuilder builder = new ProcessBuilder(InstanceCommand.javaExecutable(), "-Dtest.child.mode=" + mode, "-cp",
                TestEnv.testClasses().toString(), TestInstance.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("FICHAS_PORT", "0");
        Process p = builder.start();
        // its handlers (stdin, SIGTERM) are installed once it says it listens
        await().atMost(Duration.ofSeconds(30)).until(() -> !p.isAlive() || Files.readString(out).contains("listening on"));
        assertThat(p.isAlive()).as(Files.readString(out)).isTrue();
        Files.deleteIfExists(out);
        return p;
    }

    @Test
    void aChildThatHonoursTheStopLineExitsWithZeroOnTheFirstRung() throws Exception {
        Process p = child("normal");
        long began = System.nanoTime();
        new StopLadder(Duration.ofSeconds(10), Duration.ofSeconds(2)).stop(p);
        assertThat(p.isAlive()).isFalse();
        assertThat(p.exitValue()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aChildThatIgnoresStopAndTerminateIsKilledAfterTheTimeouts() throws Exception {
        Process p = child("ignore-stop");
        long began = System.nanoTime();
        new StopLadder(Duration.ofMillis(500), Duration.ofMillis(500)).stop(p);
        assertThat(p.isAlive()).isFalse();
        assertThat(List.of(137, 143, 1)).contains(p.exitValue());
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    }
}
