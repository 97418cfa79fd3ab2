package fichas.instance.clientes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.core.http.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClienteSearchTest {
    @Test
    void lettersBecomeClassesOfTheirCaseAndAccentVariants() {
        String glob = ClienteSearch.glob("ão");
        assertThat(glob).startsWith("*[").endsWith("]*");
        String aClass = glob.substring(2, glob.indexOf(']'));
        assertThat(aClass).contains("a", "A", "ã", "Ã", "á", "Á", "à", "â", "ä").doesNotContain("o", "e");
    }

    @Test
    void globSpecialCharactersAreLiteralAndDigitsStayAsTheyAre() {
        assertThat(ClienteSearch.glob("1*?[]")).isEqualTo("*1[*][?][[]]*");
    }

    @Test
    void regexEscapesEveryNonAlphanumeric() {
        assertThat(ClienteSearch.regex("1.+(x")).startsWith("1\\.\\+\\(").endsWith("]");
        assertThat(ClienteSearch.regex("a b")).matches("\\[[^]]+] \\[[^]]+]");
    }

    @Test
    void theLongestAllowedTermStaysUnderSqlitesPatternLimit() {
        String worst = "a".repeat(ClienteSearch.MAX_LENGTH); // 'a' has as many variants as any letter here
        for (char c = 'a'; c <= 'z'; c++) {
            int bytes = ClienteSearch.glob(String.valueOf(c).repeat(ClienteSearch.MAX_LENGTH))
                    .getBytes(StandardCharsets.UTF_8).length;
            assertThat(bytes).as("%s x %d", c, ClienteSearch.MAX_LENGTH).isLessThan(50_000);
        }
        assertThat(ClienteSearch.of(worst)).isNotNull();
    }

    @Test
    void aTermOverTheLimitIsABadRequest() {
        assertThatThrownBy(() -> ClienteSearch.of("x".repeat(ClienteSearch.MAX_LENGTH + 1)))
                .isInstanceOf(ApiException.class).hasMessageContaining("q must be at most 200 characters");
    }

    @Test
    void onlyADocumentoLikeTermSearchesDocumentoByItsDigits() {
        assertThat(ClienteSearch.of("390.533").where(false)).contains("documento LIKE ?");
        assertThat(ClienteSearch.of("390.533").parameters(false)).last().isEqualTo("%390533%");
        assertThat(ClienteSearch.of("zzz9").where(false)).doesNotContain("documento");
        assertThat(ClienteSearch.of("---").where(false)).doesNotContain("documento");
    }
}
