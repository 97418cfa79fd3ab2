package fichas.jmeter;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads one RFC 4180 record at a time (quoted fields may hold commas, doubled quotes and line breaks). */
final class CsvRecords {

    private CsvRecords() {
    }

    /** The next record's fields, or null at the end of the input. */
    static List<String> next(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            if (!quoted) {
                break;
            }
            line = in.readLine();
            if (line == null) {
                break; // unterminated quote at the end of a cut file: keep what we have
            }
            field.append('\n');
        }
        fields.add(field.toString());
        return fields;
    }
}
