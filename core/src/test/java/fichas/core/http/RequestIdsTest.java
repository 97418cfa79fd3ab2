package fichas.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void validIdsAreOneTo128CharactersOfTheSafeSet() {
        assertThat(RequestIds.isValid("abc-123.X_y:z")).isTrue();
        assertThat(RequestIds.isValid("a".repeat(128))).isTrue();
        assertThat(RequestIds.isValid("a".repeat(129))).isFalse();
        assertThat(RequestIds.isValid("")).isFalse();
        assertThat(RequestIds.isValid(null)).isFalse();
        assertThat(RequestIds.isValid("has space")).isFalse();
        assertThat(RequestIds.isValid("quote\"")).isFalse();
        assertThat(RequestIds.isValid("ümlaut")).isFalse();
    }

    @Test
    void generatedIdsAreValidAndDistinct() {
        String a = RequestIds.generate();
        assertThat(RequestIds.isValid(a)).isTrue();
        assertThat(a).isNotEqualTo(RequestIds.generate());
    }
}
