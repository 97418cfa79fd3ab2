package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.auth.PasswordHasher.Scheme;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final PasswordHasher ARGON2 = new PasswordHasher(Scheme.ARGON2ID, 600_000);
    private static final PasswordHasher BCRYPT = new PasswordHasher(Scheme.BCRYPT, 600_000);
    private static final PasswordHasher PBKDF2_LOW = new PasswordHasher(Scheme.PBKDF2, 1_000);
    private static final PasswordHasher PBKDF2_HIGH = new PasswordHasher(Scheme.PBKDF2, 2_000);

    @Test
    void each_scheme_stores_its_owasp_parameters_and_verifies_only_the_right_password() {
        String argon = ARGON2.hash("senha correta");
        String bcrypt = BCRYPT.hash("senha correta");
        String pbkdf2 = PBKDF2_LOW.hash("senha correta");

        assertThat(argon).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(bcrypt).startsWith("$2b$10$");
        assertThat(pbkdf2).startsWith("pbkdf2-sha256$1000$");
        for (String stored : new String[]{argon, bcrypt, pbkdf2}) {
            assertThat(ARGON2.matches("senha correta", stored)).as(stored).isTrue();
            assertThat(ARGON2.matches("senha errada", stored)).as(stored).isFalse();
            assertThat(PBKDF2_LOW.matches("senha correta", stored)).as("any configuration verifies every scheme").isTrue();
        }
        assertThat(ARGON2.hash("senha correta")).as("salted").isNotEqualTo(argon);
    }

    @Test
    void a_stored_hash_of_another_scheme_or_a_lower_cost_needs_a_rehash() {
        String low = PBKDF2_LOW.hash("x");

        assertThat(PBKDF2_HIGH.needsRehash(low)).isTrue();
        assertThat(PBKDF2_LOW.needsRehash(PBKDF2_HIGH.hash("x"))).isFalse();
        assertThat(ARGON2.needsRehash(low)).isTrue();
        assertThat(ARGON2.needsRehash(ARGON2.hash("x"))).isFalse();
        assertThat(ARGON2.needsRehash("$argon2id$v=19$m=4096,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).isTrue();
        assertThat(BCRYPT.needsRehash(BCRYPT.hash("x"))).isFalse();
        assertThat(BCRYPT.needsRehash("$2b$08$" + "a".repeat(53))).isTrue();
        assertThat(BCRYPT.needsRehash(ARGON2.hash("x"))).isTrue();
    }

    @Test
    void argon2_reuses_its_memory_from_one_hash_to_the_next_and_the_reused_memory_gives_the_same_hashes() {
        PasswordHasher hasher = new PasswordHasher(Scheme.ARGON2ID, 600_000, 1);
        String first = hasher.hash("senha correta");
        long before = allocatedBytesOfThisThread();
        String second = hasher.hash("senha correta");
        long allocated = allocatedBytesOfThisThread() - before;

        assertThat(allocated).as("bytes allocated by a hash after the first (19 MiB each without the pool)")
                .isLessThan(2L * 1024 * 1024);
        for (String stored : new String[]{first, second}) {
            String[] parts = stored.split("\\$");
            byte[] expected = new byte[32];
            Argon2BytesGenerator fresh = new Argon2BytesGenerator();
            fresh.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(Base64.getDecoder().decode(parts[4]))
                    .withMemoryAsKB(19_456).withIterations(2).withParallelism(1).build());
            fresh.generateBytes("senha correta".getBytes(StandardCharsets.UTF_8), expected);
            assertThat(Base64.getDecoder().decode(parts[5])).as("the same bytes as fresh memory gives").isEqualTo(expected);
        }
        assertThat(hasher.matches("senha correta", second)).isTrue();
        assertThat(hasher.matches("senha errada", second)).isFalse();
        int oneHash = Argon2BytesGenerator.getBlockCount(19_456, 1);
        assertThat(hasher.keptArgon2Blocks()).as("one hash's blocks, 19 MiB").isEqualTo(oneHash);

        hasher.releaseKeptMemory();
        assertThat(hasher.keptArgon2Blocks()).as("an idle instance gives them back").isZero();
        String third = hasher.hash("senha correta");
        assertThat(hasher.matches("senha correta", third)).isTrue();
        assertThat(hasher.keptArgon2Blocks()).as("the next hash keeps them again").isEqualTo(oneHash);
    }

    @Test
    void argon2_keeps_memory_for_at_most_a_quarter_of_the_heap() {
        assertThat(PasswordHasher.hashesKept(1, 256L << 20)).isEqualTo(1);
        assertThat(PasswordHasher.hashesKept(4, 256L << 20)).as("a quarter of 256 MB holds three hashes").isEqualTo(3);
        assertThat(PasswordHasher.hashesKept(1, 64L << 20)).as("a small heap keeps none").isZero();
        assertThat(PasswordHasher.hashesKept(0, 1L << 30)).isZero();
    }

    private static long allocatedBytesOfThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void bcrypt_tells_passwords_apart_beyond_its_72_bytes_and_malformed_hashes_never_match() {
        String longPassword = "p".repeat(100);
        String stored = BCRYPT.hash(longPassword);

        assertThat(BCRYPT.matches(longPassword, stored)).isTrue();
        assertThat(BCRYPT.matches("p".repeat(99) + "q", stored)).isFalse();
        assertThat(ARGON2.matches("x", "$argon2id$v=19$m=oops$$")).isFalse();
        assertThat(ARGON2.matches("x", "$2b$10$short")).isFalse();
        assertThat(ARGON2.matches("x", "pbkdf2-sha256$notanumber$a$b")).isFalse();
        assertThat(ARGON2.matches("x", "")).isFalse();
    }
}
