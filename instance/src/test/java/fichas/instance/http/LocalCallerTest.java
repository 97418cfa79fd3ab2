package fichas.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalCallerTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void loopback_literals_are_local(String address) {
        assertThat(LocalCaller.isLoopbackLiteral(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.0.20", "10.0.0.1", "::2", "fe80::1", "localhost", "", "unknown", "127.0.0.1:80",
            "_hidden", "127.0.0.1.evil.example"})
    void anything_else_is_not(String address) {
        assertThat(LocalCaller.isLoopbackLiteral(address)).isFalse();
    }
}
