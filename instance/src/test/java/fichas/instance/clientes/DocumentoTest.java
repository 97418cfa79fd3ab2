package fichas.instance.clientes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentoTest {
    @ParameterizedTest
    @CsvSource({
            "529.982.247-25, 52998224725",
            "52998224725, 52998224725",
            "390.533.447-05, 39053344705",
            "11.222.333/0001-81, 11222333000181",
            "11444777000161, 11444777000161"})
    void valid_cpfs_and_cnpjs_are_reduced_to_digits(String raw, String digits) {
        assertThat(Documento.normalize(raw)).contains(digits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"529.982.247-26", "111.111.111-11", "00000000000", "11.222.333/0001-82",
            "1234", "5299822472a", "52998224725123", ""})
    void wrong_check_digits_repeated_digits_and_wrong_lengths_are_rejected(String raw) {
        assertThat(Documento.normalize(raw)).isEmpty();
    }
}
