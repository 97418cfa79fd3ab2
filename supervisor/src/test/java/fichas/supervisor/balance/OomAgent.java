package fichas.supervisor.balance;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Loaded into a running balancer JVM by {@link BalancerProcessTest} (through the JDK's attach API): allocates on a
 * thread of its own until the heap is exhausted, the real out-of-memory error that {@code -XX:+ExitOnOutOfMemoryError}
 * must turn into an exit.
 */
public final class OomAgent {
    private OomAgent() {
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        Thread t = new Thread(OomAgent::exhaust, "oom-agent");
        t.setDaemon(true);
        t.start();
    }

    private static void exhaust() {
        List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[1 << 20]);
        }
    }
}
