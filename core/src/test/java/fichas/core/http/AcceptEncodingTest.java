package fichas.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Accept-Encoding as RFC 9110 §12.5.3 reads it: what a large and a small compressible answer get. */
class AcceptEncodingTest {

    @ParameterizedTest(name = "[{0}] -> large gzip {1}, small gzip {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            // header                          | large | small
            "NONE                              | false | false",
            "''                                | false | false",
            "gzip                              | true  | false",
            "GZIP                              | true  | false",
            "br, GZIP                          | true  | false",
            "Gzip ; Q=1                        | true  | false",
            "x-gzip                            | true  | false",
            "*                                 | true  | false",
            "br;q=1.0, gzip;q=0.8, *;q=0.1     | true  | false",
            "gzip;q=0.5                        | true  | false",
            "br                                | false | false",
            "deflate, br                       | false | false",
            "gzip;q=0                          | false | false",
            "gzip;q=0.000, *                   | false | false",
            "*, gzip;q=0                       | false | false",
            "*;q=0, identity                   | false | false",
            "gzip;q=0.5, identity              | false | false",
            "gzip;q=0.5, *                     | false | false",
            "identity;q=0.5, gzip              | true  | false",
            "gzip;q=abc                        | false | false",
            "gzip;q=2                          | false | false",
            "gzip, identity;q=0                | true  | true",
            "gzip;q=0.1, *;q=0                 | true  | true",
            "identity;q=0                      | false | false",
            "*;q=0                             | false | false",
    })
    void decidesGzipForLargeAndSmallAnswers(String header, boolean large, boolean small) {
        AcceptEncoding accepted = AcceptEncoding.parse(header == null ? null : List.of(header));

        assertThat(accepted.useGzip(true)).as("large answer").isEqualTo(large);
        assertThat(accepted.useGzip(false)).as("small answer").isEqualTo(small);
    }

    @ParameterizedTest(name = "[{0}] gzip acceptable {1}, identity acceptable {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "NONE                | false | true",
            "GZIP;q=0.3          | true  | true",
            "identity;q=0, gzip  | true  | false",
            "*;q=0               | false | false",
            "*;q=0, IDENTITY     | false | true",
            "gzip;q=0, gzip      | false | true",
    })
    void readsWhatIsAcceptable(String header, boolean gzip, boolean identity) {
        AcceptEncoding accepted = AcceptEncoding.parse(header == null ? null : List.of(header));

        assertThat(accepted.gzipAcceptable()).isEqualTo(gzip);
        assertThat(accepted.identityAcceptable()).isEqualTo(identity);
    }

    @ParameterizedTest(name = "lines {0} and {1}")
    @CsvSource(delimiter = '|', value = {"br | gzip", "GZIP | br"})
    void everyHeaderLineCounts(String first, String second) {
        assertThat(AcceptEncoding.parse(List.of(first, second)).useGzip(true)).isTrue();
    }
}
