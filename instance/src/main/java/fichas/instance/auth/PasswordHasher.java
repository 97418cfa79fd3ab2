package fichas.instance.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes at the strength of OWASP's password storage advice, in three schemes, each stored
 * with its own parameters so that the configured one can change without invalidating any password:
 * <ul>
 *   <li>{@code argon2id}: {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash} (PHC string), m=19 MiB, t=2, p=1;</li>
 *   <li>{@code bcrypt}: {@code $2b$10$...} (cost 10); passwords over 72 UTF-8 bytes are first reduced to
 *       the Base64 of their SHA-256, since bcrypt reads only 72 bytes;</li>
 *   <li>{@code pbkdf2}: {@code pbkdf2-sha256$600000$salt$hash} (PBKDF2-HMAC-SHA256).</li>
 * </ul>
 * Every scheme verifies; new hashes use the configured one, and {@link #needsRehash} tells which stored
 * hashes to replace on the next successful login (another scheme, or a lower cost). Which scheme is the
 * default was measured: docs/PERFORMANCE.md. Thread-safe; {@link #hash}, {@link #matches} and
 * {@link #burn} are deliberately slow (tens of milliseconds of CPU) and run in the {@link HashingPool}.
 */
public final class PasswordHasher {
    /** The configurable schemes ({@code FICHAS_PASSWORD_HASH}). */
    public enum Scheme {
        ARGON2ID, BCRYPT, PBKDF2;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int ARGON2_MEMORY_KIB = 19 * 1024;
    static final int ARGON2_ITERATIONS = 2;
    static final int ARGON2_PARALLELISM = 1;
    static final int BCRYPT_COST = 10;
    private static final String PBKDF2_PREFIX = "pbkdf2-sha256";
    private static final String ARGON2_PREFIX = "$argon2id$v=19$";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Scheme scheme;
    private final int pbkdf2Iterations;
    /**
     * Argon2's memory (1 KiB blocks, 19 MiB per hash), kept cleared between hashes for as many hashes as run at
     * once. Allocated afresh, each hash was 19 MiB of garbage that outlived young collections and was promoted, so
     * a login storm filled the old generation and brought full collections (docs/PERFORMANCE.md). BouncyCastle
     * clears each block before it gives it back; a hash beyond the blocks kept allocates its own.
     */
    private final Argon2Blocks argon2Blocks;

    /** One hash at a time reuses its memory (tests, tools); {@link #PasswordHasher(Scheme, int, int)} for a pool. */
    public PasswordHasher(Scheme scheme, int pbkdf2Iterations) {
        this(scheme, pbkdf2Iterations, 1);
    }

    /**
     * @param concurrentHashes hashes that may run at once and keep their Argon2 memory (the hashing pool's threads),
     *                         as far as {@link #hashesKept} allows in this JVM's heap
     */
    public PasswordHasher(Scheme scheme, int pbkdf2Iterations, int concurrentHashes) {
        this.scheme = scheme;
        this.pbkdf2Iterations = pbkdf2Iterations;
        this.argon2Blocks = new Argon2Blocks(hashesKept(concurrentHashes,
                Runtime.getRuntime().maxMemory()) * Argon2BytesGenerator.getBlockCount(ARGON2_MEMORY_KIB, ARGON2_PARALLELISM));
    }

    /**
     * How many hashes' memory to keep: {@code concurrentHashes}, but in at most a quarter of the heap, because what is
     * kept stays in it for good (up to three with the default 256 MB heap; none below ~80 MB, where each hash allocates
     * its own as before). A block is 1 KiB of data plus ~40 bytes of object headers and reference.
     */
    static int hashesKept(int concurrentHashes, long maxHeapBytes) {
        long bytesPerHash = ARGON2_MEMORY_KIB * (1024L + 40);
        return (int) Math.max(0, Math.min(concurrentHashes, maxHeapBytes / 4 / bytesPerHash));
    }

    /** Lets go of the Argon2 memory kept between hashes (an idle instance's trim); the next hash allocates it again. */
    public void releaseKeptMemory() {
        argon2Blocks.release();
    }

    /** Argon2 blocks kept now (for tests). */
    int keptArgon2Blocks() {
        return argon2Blocks.kept();
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return switch (scheme) {
            case ARGON2ID -> ARGON2_PREFIX + "m=" + ARGON2_MEMORY_KIB + ",t=" + ARGON2_ITERATIONS + ",p="
                    + ARGON2_PARALLELISM + "$" + B64.encodeToString(salt) + "$"
                    + B64.encodeToString(argon2(password, salt, ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM));
            case BCRYPT -> OpenBSDBCrypt.generate("2b", bcryptInput(password), salt, BCRYPT_COST);
            case PBKDF2 -> PBKDF2_PREFIX + "$" + pbkdf2Iterations + "$" + B64.encodeToString(salt) + "$"
                    + B64.encodeToString(pbkdf2(password, salt, pbkdf2Iterations));
        };
    }

    /** True when {@code password} is the one {@code stored} was made from; false for any unreadable hash. */
    public boolean matches(String password, String stored) {
        try {
            if (stored.startsWith(ARGON2_PREFIX)) {
                Argon2Hash parsed = Argon2Hash.parse(stored);
                return MessageDigest.isEqual(parsed.hash(), argon2(password, parsed.salt(), parsed.memoryKib(),
                        parsed.iterations(), parsed.parallelism()));
            }
            if (stored.startsWith("$2")) {
                return OpenBSDBCrypt.checkPassword(stored, bcryptInput(password));
            }
            String[] parts = stored.split("\\$");
            if (parts.length == 4 && parts[0].equals(PBKDF2_PREFIX)) {
                return MessageDigest.isEqual(B64D.decode(parts[3]),
                        pbkdf2(password, B64D.decode(parts[2]), Integer.parseInt(parts[1])));
            }
            return false;
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** True when {@code stored} is another scheme than the configured one, or the same at a lower cost. */
    public boolean needsRehash(String stored) {
        try {
            return switch (scheme) {
                case ARGON2ID -> {
                    if (!stored.startsWith(ARGON2_PREFIX)) {
                        yield true;
                    }
                    Argon2Hash parsed = Argon2Hash.parse(stored);
                    yield parsed.memoryKib() < ARGON2_MEMORY_KIB || parsed.iterations() < ARGON2_ITERATIONS;
                }
                case BCRYPT -> !stored.startsWith("$2") || Integer.parseInt(stored.substring(4, 6)) < BCRYPT_COST;
                case PBKDF2 -> {
                    String[] parts = stored.split("\\$");
                    yield parts.length != 4 || !parts[0].equals(PBKDF2_PREFIX) || Integer.parseInt(parts[1]) < pbkdf2Iterations;
                }
            };
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** The configured scheme and cost, for logs. */
    public String describe() {
        return switch (scheme) {
            case ARGON2ID -> "argon2id (m=" + ARGON2_MEMORY_KIB + " KiB, t=" + ARGON2_ITERATIONS + ", p=" + ARGON2_PARALLELISM + ")";
            case BCRYPT -> "bcrypt (cost " + BCRYPT_COST + ")";
            case PBKDF2 -> "pbkdf2-sha256 (" + pbkdf2Iterations + " iterations)";
        };
    }

    /** Spends the same work as a real check, so a login for an unknown user is not faster than a wrong password. */
    public void burn(String password) {
        hash(password);
    }

    private byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism)
                .withBlockPool(argon2Blocks).build());
        byte[] out = new byte[KEY_BYTES];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private static char[] bcryptInput(String password) {
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 72) {
            return password.toCharArray();
        }
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(utf8)).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BYTES * 8)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    /** A parsed {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}; throws IllegalArgumentException when malformed. */
    private record Argon2Hash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
        static Argon2Hash parse(String stored) {
            String[] parts = stored.split("\\$");
            if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                throw new IllegalArgumentException("not an argon2id hash");
            }
            int m = -1;
            int t = -1;
            int p = -1;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int value = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> throw new IllegalArgumentException("unknown argon2 parameter " + pair[0]);
                }
            }
            if (m < 8 || m > 1 << 22 || t < 1 || t > 100 || p < 1 || p > 16) {
                throw new IllegalArgumentException("argon2 parameters out of range");
            }
            return new Argon2Hash(m, t, p, B64D.decode(parts[4]), B64D.decode(parts[5]));
        }
    }
}
