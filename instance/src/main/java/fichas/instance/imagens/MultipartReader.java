package fichas.instance.imagens;

import fichas.core.http.ApiException;
import fichas.instance.http.MultipartBoundary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A streaming {@code multipart/form-data} reader: parts are handed out one at a time as streams
 * that end at the next boundary, so a part is never held in memory whole. Malformed input is
 * 400 {@code bad_request}. Not thread-safe; blocking.
 */
final class MultipartReader {
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    /**
     * Read literally: browsers (WHATWG HTML) never backslash-escape a quoted file name, they send {@code "} as
     * {@code %22}, so a backslash is part of the name ({@code C:\fotos\foto.jpg}, as old Windows clients send it)
     * and must reach {@link Filenames#sanitize} to mark a path segment.
     */
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");
    private static final Pattern FILENAME_STAR = Pattern.compile("(?i);\\s*filename\\*=[^']*'[^']*'([^;\\s]+)");
    private static final int MAX_HEADER_LINE = 8 * 1024;

    private final SearchingStream in;
    private boolean finished;
    /** The body of the part handed out last; read to its end (and its delimiter) before the next one. */
    private InputStream current;

    /** One part: its form field name, its file name (if any) and its bytes. */
    record Part(String name, String filename, InputStream body) {
    }

    MultipartReader(InputStream in, String contentTypeHeader) {
        String boundary = MultipartBoundary.of(contentTypeHeader)
                .orElseThrow(() -> ApiException.badRequest("multipart/form-data needs a boundary parameter"));
        this.in = new SearchingStream(in, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The next part, or empty after the last one. The previous part's stream must be done with. */
    Optional<Part> next() throws IOException {
        if (finished) {
            return Optional.empty();
        }
        if (current == null) {
            in.skipToDelimiter();
        } else {
            current.transferTo(OutputStreamSink.INSTANCE);
        }
        String after = readLine();
        if (after.startsWith("--")) {
            finished = true;
            return Optional.empty();
        }
        String disposition = null;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                disposition = line;
            }
        }
        if (disposition == null) {
            throw ApiException.badRequest("a multipart part has no Content-Disposition");
        }
        current = in.partStream();
        return Optional.of(new Part(group(NAME, disposition), filename(disposition), current));
    }

    /** Reads what is left, so the whole body has been seen (and hashed). */
    void drain() throws IOException {
        in.transferTo(OutputStreamSink.INSTANCE);
    }

    private static String filename(String disposition) {
        String star = group(FILENAME_STAR, disposition);
        if (star != null) {
            return java.net.URLDecoder.decode(star.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return group(FILENAME, disposition);
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.readRaw(); ; b = in.readRaw()) {
            if (b == -1) {
                throw ApiException.badRequest("the multipart body ended early");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_HEADER_LINE) {
                throw ApiException.badRequest("a multipart header line is longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.write(b);
        }
    }

    /** Discards bytes. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
