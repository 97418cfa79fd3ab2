package fichas.instance.store;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SortKeyTest {

    @Test
    void accentsAndCaseDoNotCount() {
        assertThat(SortKey.of("Álvaro")).isEqualTo("alvaro");
        assertThat(SortKey.of("JOÃO Çedilha")).isEqualTo("joao cedilha");
    }

    @Test
    void lettersWithoutADecompositionAreSpelledOut() {
        assertThat(SortKey.of("Straße")).isEqualTo("strasse");
        assertThat(SortKey.of("ẞ")).isEqualTo("ss");
        assertThat(SortKey.of("Ærø")).isEqualTo("aero");
        assertThat(SortKey.of("Œuvre")).isEqualTo("oeuvre");
        assertThat(SortKey.of("Łódź")).isEqualTo("lodz");
        assertThat(SortKey.of("Đorđe")).isEqualTo("dorde");
        assertThat(SortKey.of("Þór")).isEqualTo("thor");
    }

    @Test
    void namesSortAmongTheirBaseLetters() {
        List<String> sorted = Stream.of("Zé", "Østergaard", "Oscar", "Paulo", "Łukasz", "Luiz", "Maria", "Ætna", "Abel")
                .sorted(Comparator.comparing(SortKey::of)).toList();
        assertThat(sorted).containsExactly("Abel", "Ætna", "Luiz", "Łukasz", "Maria", "Oscar", "Østergaard", "Paulo", "Zé");
    }
}
