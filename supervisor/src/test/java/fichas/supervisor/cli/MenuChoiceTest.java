package fichas.supervisor.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MenuChoiceTest {
    @Test
    void numbersPickTheEntriesInOrder() {
        assertThat(MenuChoice.parse("1")).contains(MenuChoice.START);
        assertThat(MenuChoice.parse(" 3 ")).contains(MenuChoice.STATUS);
        assertThat(MenuChoice.parse(Integer.toString(MenuChoice.values().length))).contains(MenuChoice.EXIT);
    }

    @Test
    void wordsWorkToo() {
        assertThat(MenuChoice.parse("Reload")).contains(MenuChoice.RELOAD);
        assertThat(MenuChoice.parse("q")).contains(MenuChoice.EXIT);
    }

    @Test
    void anythingElseIsNotAChoice() {
        assertThat(MenuChoice.parse("0")).isEmpty();
        assertThat(MenuChoice.parse(Integer.toString(MenuChoice.values().length + 1))).isEmpty();
        assertThat(MenuChoice.parse("")).isEmpty();
        assertThat(MenuChoice.parse("start now")).isEmpty();
        assertThat(MenuChoice.parse(null)).isEmpty();
    }
}
