package fichas.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one error code table and docs/API.md's "Errors" table say the same: every code, with its status. */
class ErrorCodeTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `([a-z_]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyCodeOfTheTableIsInDocsApiMdWithItsStatusAndNoOther() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "API.md"));
        Map<String, Integer> documented = new TreeMap<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            documented.put(m.group(2), Integer.parseInt(m.group(1)));
        }
        Map<String, Integer> table = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::wire, ErrorCode::status, (a, b) -> a, TreeMap::new));
        assertThat(table).as("ErrorCode vs docs/API.md's Errors table: edit both").isEqualTo(documented);
    }

    @Test
    void anUnexpectedFailureIsInternalError() {
        assertThat(ApiException.internal().code()).isEqualTo("internal_error");
        assertThat(ApiException.internal().status()).isEqualTo(500);
    }
}
