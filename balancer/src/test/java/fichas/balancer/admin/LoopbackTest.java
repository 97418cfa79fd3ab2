package fichas.balancer.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "127.255.255.255", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void loopbackLiteralsCount(String text) {
        assertThat(Loopback.isLoopbackLiteral(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.999.1.1", "127.0.0.256", "128.0.0.1", "192.168.0.7", "localhost", "", "127.0.0.1.",
            "127.0.0.1:80", "::2"})
    void anythingElseDoesNot(String text) {
        assertThat(Loopback.isLoopbackLiteral(text)).isFalse();
    }

    /**
     * Java 17 tells a security manager about every name it is about to look up (checkConnect with port -1): one
     * that allows everything and records those calls shows that no forwarded text is sent to DNS (skipped on a JVM
     * that no longer accepts a security manager).
     */
    @Test
    @SuppressWarnings("removal")
    void noForwardedTextIsLookedUpInDns() {
        List<String> lookedUp = new CopyOnWriteArrayList<>();
        Thread testThread = Thread.currentThread();
        SecurityManager previous = System.getSecurityManager();
        SecurityManager recorder = new SecurityManager() {
            @Override
            public void checkPermission(Permission permission) {
            }

            @Override
            public void checkPermission(Permission permission, Object context) {
            }

            @Override
            public void checkConnect(String host, int port) {
                if (port == -1 && Thread.currentThread() == testThread) {
                    lookedUp.add(host);
                }
            }
        };
        try {
            System.setSecurityManager(recorder);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("this JVM refuses a security manager (Java 18+ without -Djava.security.manager=allow)");
        }
        try {
            for (String text : List.of("127.999.1.1", "127.0.0.300", "127.0.0.1", "192.168.0.7", "::1")) {
                Loopback.isLoopbackLiteral(text);
            }
        } finally {
            System.setSecurityManager(previous);
        }
        assertThat(lookedUp).isEmpty();
    }
}
