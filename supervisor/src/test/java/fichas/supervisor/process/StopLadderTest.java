package fichas.supervisor.process;

import fichas.supervisor.support.TestEnv;
import fichas.supervisor.testchild.TestInstance;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StopLadderTest {
    private static Process child(String mode) throws Exception {
        Process p = new ProcessBuilder(InstanceCommand.javaExecutable(), "-Dtest.child.mode=" + mode, "-cp",
                TestEnv.testClasses().toString(), TestInstance.class.getName())
                .redirectErrorStream(true).redirectOutput(new File(System.getProperty("java.io.tmpdir"), "ladder-" + mode + ".out"))
                .start();
        p.getOutputStream();
        Thread.sleep(700); // let it install its handlers
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
