package fichas.supervisor.control;

import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The shared secret of the control endpoint: 32 random bytes, hex, in {@code <data dir>/supervisor.token},
 * readable by its owner only. Whoever can read it may stop and restart the system, which is the same
 * person who could kill the processes anyway.
 */
public final class ControlToken {
    private final String value;

    private ControlToken(String value) {
        this.value = value;
    }

    /** A new random token, not yet written anywhere. */
    public static ControlToken generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new ControlToken(HexFormat.of().formatHex(bytes));
    }

    /** Writes the token, owner-only, replacing any old file. */
    public void writeTo(Path file) throws IOException {
        OwnerOnly.writeString(file, value, StandardCharsets.US_ASCII);
    }

    public static ControlToken read(Path file) throws IOException {
        return new ControlToken(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    public String value() {
        return value;
    }

    /** Constant-time comparison, so the answer time does not leak how much of a guess was right. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII), candidate.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ControlToken[****]";
    }
}
