package fichas.supervisor.cli;

import fichas.supervisor.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@code start.sh reset-admin-password} runs the instance jar's tool on this machine's data directory. */
class ResetAdminPasswordIT {
    @TempDir
    Path home;

    @Test
    void runsTheInstanceToolOnTheDataDirectoryAndPassesItsAnswerOn() {
        Path jar = Path.of(System.getProperty("fichas.repo.root", "..")).resolve("instance/target/fichas-instance.jar");
        assumeThat(Files.isRegularFile(jar)).as("the instance jar %s is built", jar).isTrue();
        Map<String, String> env = new HashMap<>(TestEnv.env(home, 1));
        env.remove("FICHAS_INSTANCE_CLASSPATH");
        env.remove("FICHAS_INSTANCE_MAIN_CLASS");
        env.put("FICHAS_INSTANCE_JAR", jar.toAbsolutePath().toString());

        CliRunner.Result r = CliRunner.run(env, "", "reset-admin-password");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).contains("There is no user 'admin'");
        assertThat(home.resolve("data/fichas.db")).exists();
    }
}
