package fichas.instance.imagens;

import fichas.core.http.ErrorCode;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import fichas.core.http.ApiException;
import fichas.instance.http.ApiRequest;
import fichas.core.http.FieldError;
import fichas.instance.http.Json;
import fichas.instance.http.JsonErrors;
import fichas.instance.http.UnpairedSurrogates;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an image upload, streaming, into a temp file: {@code multipart/form-data} (field
 * {@code file}) or JSON {@code {"filename", "data": "<base64>"}}. The body is capped at 8 MiB and
 * the decoded image at 5 MiB (413 as soon as either is passed, without reading further). Blocking.
 */
final class UploadReader {
    static final long MAX_IMAGE_BYTES = 5L * 1024 * 1024;
    private static final int MAX_RAW_FILENAME = 1000;

    private final MediaFiles media;

    UploadReader(MediaFiles media) {
        this.media = media;
    }

    /** What arrived: the bytes in a temp file and the sanitised client file name. */
    record Upload(MediaFiles.Received received, String filename) {
    }

    Upload read(ApiRequest request) throws IOException {
        String type = request.contentType();
        if (type.equals("multipart/form-data")) {
            return multipart(request);
        }
        if (type.equals("application/json")) {
            return json(request);
        }
        throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "an image upload must be multipart/form-data or "
                + "application/json, but was '" + (type.isEmpty() ? "(none)" : type) + "'");
    }

    private Upload multipart(ApiRequest request) throws IOException {
        MultipartReader reader = new MultipartReader(request.bodyStream(), request.header("Content-Type").orElse(""));
        Upload upload = null;
        for (Optional<MultipartReader.Part> part = reader.next(); part.isPresent(); part = reader.next()) {
            if (upload == null && "file".equals(part.get().name())) {
                upload = new Upload(media.receive(part.get().body(), MAX_IMAGE_BYTES),
                        Filenames.sanitize(part.get().filename()));
            }
        }
        reader.drain();
        if (upload == null) {
            throw ApiException.validation("file", "is required (a multipart part named 'file')");
        }
        return upload;
    }

    private Upload json(ApiRequest request) throws IOException {
        MediaFiles.Received received = null;
        String filename = null;
        List<FieldError> errors = new ArrayList<>();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(request.bodyStream())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("data") && value == JsonToken.VALUE_STRING) {
                    received = media.receive(out -> decodeBase64(parser, out), MAX_IMAGE_BYTES);
                } else if (field.equals("filename") && value == JsonToken.VALUE_STRING) {
                    filename = parser.getText();
                } else {
                    errors.add(new FieldError(field, field.equals("data") || field.equals("filename")
                            ? "must be a string" : "is not a known field"));
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("the body has content after its JSON object");
            }
        } catch (JsonProcessingException e) {
            discard(received);
            throw JsonErrors.badRequest(e);
        } catch (IllegalArgumentException e) {
            discard(received);
            throw ApiException.validation("data", "must be base64: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            discard(received);
            throw e;
        }
        if (filename != null && filename.length() > MAX_RAW_FILENAME) {
            errors.add(new FieldError("filename", "must be at most " + MAX_RAW_FILENAME + " characters"));
        } else if (filename != null && UnpairedSurrogates.find(filename) >= 0) {
            // checked here: this reader streams, so ApiRequest.jsonObject's check of every string does not run
            errors.add(new FieldError("filename", UnpairedSurrogates.message(UnpairedSurrogates.find(filename))));
        }
        if (received == null && errors.stream().noneMatch(e -> e.field().equals("data"))) {
            errors.add(new FieldError("data", "is required (the image as base64)"));
        }
        if (!errors.isEmpty()) {
            discard(received);
            throw ApiException.validation(errors);
        }
        return new Upload(received, Filenames.sanitize(filename));
    }

    /**
     * Decodes {@code data} while it streams. Jackson reports a bad character as an IllegalArgumentException (its
     * text is plain), but missing {@code =} padding as a JSON parse error whose text names its own configuration:
     * that is the field's fault, not the JSON's, so it becomes a validation failure of {@code data} too.
     */
    private static void decodeBase64(JsonParser parser, OutputStream out) throws IOException {
        try {
            parser.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, out);
        } catch (JsonParseException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end of base64")) {
                throw new IllegalArgumentException("its '=' padding at the end is missing");
            }
            throw e;
        } catch (IllegalArgumentException e) {
            // Jackson's text ("Illegal white space character (code 0x20) as character #4 of 4-char base64 unit") is
            // the parser's, not the client's words
            throw new IllegalArgumentException("it holds a character base64 does not use (only A-Z, a-z, 0-9, + and /, "
                    + "then = padding; no spaces or line breaks)");
        }
    }

    private static void discard(MediaFiles.Received received) {
        if (received != null) {
            MediaFiles.deleteQuietly(received.temp());
        }
    }
}
