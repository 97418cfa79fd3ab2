package fichas.supervisor.support;

import fichas.core.config.Settings;
import fichas.supervisor.testchild.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Environments for supervisors under test: temp dirs, free ports, the {@link TestInstance} as the instance. */
public final class TestEnv {
    private TestEnv() {
    }

    /** Settings for {@code count} test instances on free ports, fast restart timings, no balancer. */
    public static Map<String, String> env(Path home, int count) {
        Map<String, String> env = new HashMap<>();
        env.put("FICHAS_HOME", home.toString());
        env.put("FICHAS_INSTANCES", Integer.toString(count));
        env.put("FICHAS_BASE_PORT", Integer.toString(freeRange(count)));
        env.put("FICHAS_CONTROL_PORT", Integer.toString(freePort()));
        env.put("FICHAS_INSTANCE_HEAP", "32m");
        env.put("FICHAS_INSTANCE_JVM_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto");
        env.put("FICHAS_INSTANCE_CLASSPATH", testClasses().toString());
        env.put("FICHAS_INSTANCE_MAIN_CLASS", TestInstance.class.getName());
        env.put("FICHAS_BALANCER_ENABLED", "false");
        env.put("FICHAS_RESTART_BACKOFF", "100ms");
        env.put("FICHAS_RESTART_BACKOFF_MAX", "400ms");
        env.put("FICHAS_STOP_TIMEOUT", "5s");
        env.put("FICHAS_STOP_KILL_AFTER", "2s");
        env.put("FICHAS_LIVENESS_INTERVAL", "500ms");
        env.put("FICHAS_START_TIMEOUT", "30s");
        env.put("FICHAS_PUBLIC_HOST", "localhost");
        env.put("FICHAS_INSTANCE_STANDBY", "false"); // SupervisorTest turns it on where it is the subject
        return env;
    }

    public static Settings settings(Map<String, String> env) {
        return Settings.of(env);
    }

    public static Path testClasses() {
        try {
            return Path.of(TestInstance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of {@code count} consecutive ports that are free right now. */
    public static int freeRange(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
