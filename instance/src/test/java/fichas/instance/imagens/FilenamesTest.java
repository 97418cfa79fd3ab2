package fichas.instance.imagens;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FilenamesTest {
    @Test
    void only_the_last_path_segment_is_kept() {
        assertThat(Filenames.sanitize("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Filenames.sanitize("C:\\Users\\ana\\foto.png")).isEqualTo("foto.png");
        assertThat(Filenames.sanitize("dir/")).isEqualTo(Filenames.UNNAMED);
        assertThat(Filenames.sanitize("..")).isEqualTo(Filenames.UNNAMED);
        assertThat(Filenames.sanitize(null)).isEqualTo(Filenames.UNNAMED);
    }

    @Test
    void control_characters_go_and_the_name_is_cut_at_200_characters() {
        assertThat(Filenames.sanitize("fo\u0000to\r\n\t.png\u007f")).isEqualTo("foto.png");
        assertThat(Filenames.sanitize("ç".repeat(250))).hasSize(200);
        assertThat(Filenames.sanitize("  peça.jpg  ")).isEqualTo("peça.jpg");
    }
}
