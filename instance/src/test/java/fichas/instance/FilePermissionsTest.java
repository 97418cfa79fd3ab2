package fichas.instance;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.imagens.TinyImages;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.RunningInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file and directory an instance creates in its data directory (database and its WAL, media,
 * the generated admin password) is owner-only, whatever the process's umask.
 */
@DisabledOnOs(OS.WINDOWS)
class FilePermissionsTest {
    static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path tmp;

    /** "path mode" of each entry under {@code root} that someone other than its owner can use. */
    public static List<String> notOwnerOnly(Path root) throws IOException {
        List<String> loose = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    loose.add(root.relativize(p) + " " + PosixFilePermissions.toString(mode));
                }
            }
        }
        return loose;
    }

    @Test
    void everything_in_a_new_data_directory_is_owner_only() throws Exception {
        Path dataDir = tmp.resolve("fresh/data");
        String password;
        try (RunningInstance instance = RunningInstance.start(dataDir, Map.of("FICHAS_ADMIN_PASSWORD", ""))) {
            password = Files.readString(dataDir.resolve("initial-admin-password")).strip();
            ApiClient admin = instance.client().login("admin", password);
            long cliente = admin.post("/clientes", Map.of("nome", "Perm")).json().get("id").asLong();
            long pedido = admin.post("/pedidos", Map.of("cliente_id", cliente, "tipo_id", 1, "descricao", "x",
                    "quantidade", 1)).json().get("id").asLong();
            assertThat(admin.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(),
                    TinyImages.multipart("file", "a.png", "image/png", TinyImages.PNG)).status()).isEqualTo(201);

            try (Stream<Path> files = Files.walk(dataDir)) {
                assertThat(files.map(p -> dataDir.relativize(p).toString()))
                        .contains("fichas.db", "fichas.db-wal", "initial-admin-password", "media");
            }
            assertThat(notOwnerOnly(dataDir)).isEmpty();
        }
        assertThat(notOwnerOnly(dataDir)).isEmpty();
    }
}
