package fichas.observability.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalCallersTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "127.255.255.255", "::1", "[::1]", "0:0:0:0:0:0:0:1",
            "::ffff:127.0.0.1"})
    void loopbackLiteralsAreLocal(String address) {
        assertThat(LocalCallers.isLoopbackLiteral(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.0.20", "192.168.0.7", "10.0.0.1", "128.0.0.1", "::2", "fe80::1", "localhost", "",
            "unknown", "127.0.0.1:80", "_hidden", "127.0.0.1.evil.example", "1.2.3.4.5", "127.999.1.1", "127.0.0.256",
            "127.0.0.1.", ".:1", "1:2"})
    void anythingElseIsNot(String address) {
        assertThat(LocalCallers.isLoopbackLiteral(address)).isFalse();
    }

    @Test
    void aLoopbackPeerIsLocalUnlessAForwardedChainNamesAnotherHost() throws Exception {
        assertThat(LocalCallers.isLocal(LOOPBACK, false, null)).isTrue();
        assertThat(LocalCallers.isLocal(LOOPBACK, false, List.of("127.0.0.1", "::1, 127.0.0.2"))).isTrue();
        assertThat(LocalCallers.isLocal(LOOPBACK, false, List.of("127.0.0.1, 192.168.0.7"))).isFalse();
        assertThat(LocalCallers.isLocal(LOOPBACK, true, null)).as("a Forwarded header").isFalse();
        assertThat(LocalCallers.isLocal(InetAddress.getByName("192.168.0.7"), false, null)).isFalse();
        assertThat(LocalCallers.isLocal(null, false, null)).isFalse();
    }

    /**
     * X-Forwarded-For is whatever a LAN client wrote, relayed by the balancer: a text that only looks
     * like an address ("1.2.3.4.5") must not send us to DNS on the request path. Java 17 tells a
     * security manager about every name it is about to look up (checkConnect with port -1), so one that
     * allows everything and records those calls shows whether a lookup was attempted (skipped on a JVM
     * that no longer accepts a security manager).
     */
    @Test
    @SuppressWarnings("removal")
    void noForwardedAddressIsEverLookedUpInDns() {
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
            for (String address : List.of("1.2.3.4.5", "127.999.1.1", "127.0.0.300", "127.0.0.1.", "1.2.3.4:80", "1:2",
                    ".:1", "127.0.0.1", "::1", "[::1]", "192.168.0.7", "192.168.0.20", "fe80::1")) {
                LocalCallers.isLoopbackLiteral(address);
            }
        } finally {
            System.setSecurityManager(previous);
        }
        assertThat(lookedUp).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aHostHeaderIsLocalOnlyWhenItNamesLoopback() {
        for (String host : new String[]{"localhost", "LOCALHOST:9000", "127.0.0.1", "127.0.0.1:8000", "127.1.2.3:1",
                "[::1]", "[::1]:9000"}) {
            org.assertj.core.api.Assertions.assertThat(LocalCallers.isLocalHost(host)).as(host).isTrue();
        }
        org.assertj.core.api.Assertions.assertThat(LocalCallers.isLocalHost(null)).as("HTTP/1.0 without Host").isTrue();
        for (String host : new String[]{"evil.example", "evil.example:9000", "localhost.evil.example", "192.168.0.10",
                "127.0.0.1.evil.example", "localhost:abc", "[::1", "[::2]:9000", "", "10.0.0.1:8000"}) {
            org.assertj.core.api.Assertions.assertThat(LocalCallers.isLocalHost(host)).as(host).isFalse();
        }
    }
}
