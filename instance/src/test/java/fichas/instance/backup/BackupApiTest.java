package fichas.instance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.imagens.TinyImages;
import fichas.instance.pedidos.PedidoFixtures;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.core.testing.RawHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupApiTest {
    private Path dataDir;
    private RunningInstance instance;
    private RunningInstance second;
    private ApiClient admin;
    private long pedidoId;

    @BeforeAll
    void start(@TempDir Path dir) {
        dataDir = dir;
        Map<String, String> env = Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "0", "FICHAS_BACKUP_KEEP", "3");
        instance = RunningInstance.start(dataDir, env);
        second = RunningInstance.start(dataDir, env);
        admin = instance.admin();
        PedidoFixtures fixtures = new PedidoFixtures(admin);
        pedidoId = fixtures.pedido(fixtures.cliente("Metalúrgica Backup"), fixtures.tipo("CORTE"));
        ApiResponse upload = admin.send("POST", "/pedidos/" + pedidoId + "/imagens", TinyImages.multipartType(),
                TinyImages.multipart("file", "peca.png", "image/png", TinyImages.PNG));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        second.close();
        instance.close();
    }

    @Test
    void an_admin_takes_a_backup_with_the_database_and_its_images() throws IOException {
        ApiResponse created = admin.post("/backups", Map.of());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("name").asText()).matches("backup-\\d{8}T\\d{6}Z(-\\d+)?");
        assertThat(body.get("integrity").asText()).isEqualTo("ok");
        assertThat(body.get("media_files").asInt()).isEqualTo(1);
        assertThat(body.get("bytes").asLong()).isGreaterThan(TinyImages.PNG.length);
        assertThat(body.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        Path dir = dataDir.resolve("backups").resolve(body.get("name").asText());
        assertThat(dir.resolve("fichas.db")).isRegularFile();
        assertThat(dir.resolve("manifest.json")).isRegularFile();
        try (Stream<Path> media = Files.list(dir.resolve("media"))) {
            assertThat(media.map(p -> p.getFileName().toString()).toList()).hasSize(1);
        }
        BackupManifest manifest = BackupManifest.read(dir);
        assertThat(manifest.rowCounts()).containsEntry("pedidos", 1L).containsEntry("imagens", 1L);
        assertThat(manifest.schemaVersion()).isGreaterThanOrEqualTo(5);
        assertThat(manifest.databaseSha256()).isEqualTo(FileHashes.sha256(dir.resolve("fichas.db")));
    }

    @Test
    void backup_files_are_owner_only() throws IOException {
        String name = admin.post("/backups", Map.of()).json().get("name").asText();
        Path dir = dataDir.resolve("backups").resolve(name);

        assertThat(permissions(dataDir.resolve("backups"))).isEqualTo("rwx------");
        assertThat(permissions(dir)).isEqualTo("rwx------");
        assertThat(permissions(dir.resolve("media"))).isEqualTo("rwx------");
        assertThat(permissions(dir.resolve("fichas.db"))).isEqualTo("rw-------");
        assertThat(permissions(dir.resolve("manifest.json"))).isEqualTo("rw-------");
    }

    @Test
    void the_list_is_newest_first_and_retention_keeps_the_newest() {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            taken.add(admin.post("/backups", Map.of()).json().get("name").asText());
        }

        ApiResponse list = admin.get("/backups");

        assertThat(list.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        list.json().get("items").forEach(item -> names.add(item.get("name").asText()));
        assertThat(names).containsExactly(taken.get(3), taken.get(2), taken.get(1));
        assertThat(list.json().get("items").get(0).get("integrity").asText()).isEqualTo("ok");
    }

    @Test
    void head_of_a_download_answers_the_archives_headers_without_building_it() {
        String name = admin.post("/backups", Map.of()).json().get("name").asText();
        String token = instance.client().post("/auth/login", Map.of("username", "admin",
                "password", RunningInstance.ADMIN_PASSWORD)).json().get("token").asText();

        try (RawHttp connection = new RawHttp(instance.port())) {
            RawHttp.Response head = connection.send("HEAD", "/backups/" + name + "/download",
                    "Authorization", "Bearer " + token);
            RawHttp.Response unknown = connection.send("HEAD", "/backups/nope/download",
                    "Authorization", "Bearer " + token);
            RawHttp.Response next = connection.send("GET", "/health");

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/zip");
            assertThat(head.header("Content-Disposition")).contains(name + ".zip");
            assertThat(head.header("Transfer-Encoding")).as("as the GET: built while sent").isEqualTo("chunked");
            assertThat(head.headers()).doesNotContainKey("content-length");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(next.status()).as("no body bytes of the HEADs before this answer").isEqualTo(200);
        }
    }

    @Test
    void a_download_that_breaks_midway_is_a_broken_download_not_a_short_zip() throws IOException {
        String name = admin.post("/backups", Map.of()).json().get("name").asText();
        Path media = dataDir.resolve("backups").resolve(name).resolve("media");
        byte[] incompressible = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(incompressible);
        Files.write(media.resolve("0".repeat(64)), incompressible); // sent first: the answer has started
        // then a file the archive cannot read (a directory where an image should be)
        Files.createDirectory(media.resolve("f".repeat(64)));

        assertThatThrownBy(() -> admin.get("/backups/" + name + "/download")).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(admin.get("/health").status()).as("the instance serves on").isEqualTo(200);
    }

    @Test
    void a_download_streams_one_zip_archive_of_the_backup() throws IOException {
        String name = admin.post("/backups", Map.of()).json().get("name").asText();

        ApiResponse download = admin.get("/backups/" + name + "/download");

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).hasValue("application/zip");
        assertThat(download.header("Content-Disposition").orElseThrow()).contains(name + ".zip");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(download.bytes()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.add(entry.getName());
            }
        }
        assertThat(entries).contains("manifest.json", "fichas.db").hasSize(3);
        assertThat(entries.get(2)).matches("media/[0-9a-f]{64}");
    }

    @Test
    void a_deleted_backup_is_gone_and_unknown_or_invalid_names_are_404() {
        String name = admin.post("/backups", Map.of()).json().get("name").asText();

        assertThat(admin.delete("/backups/" + name).status()).isEqualTo(204);
        assertThat(admin.delete("/backups/" + name).errorCode()).isEqualTo("not_found");
        assertThat(admin.get("/backups/" + name + "/download").status()).isEqualTo(404);
        assertThat(admin.get("/backups/backup-19990101T000000Z/download").status()).isEqualTo(404);
        for (String bad : List.of(".lock", "..", "%2e%2e", "..%2F..%2Ffichas.db", ".tmp-x", "a%00b")) {
            ApiResponse response = admin.get("/backups/" + bad + "/download");
            assertThat(response.status()).as(bad).isIn(404, 400);
            assertThat(response.header("Content-Type").orElse("")).as(bad).startsWith("application/json");
        }
        assertThat(admin.delete("/backups/.lock").status()).isEqualTo(404);
        assertThat(dataDir.resolve("backups/.lock")).exists();
    }

    @Test
    void a_second_backup_while_one_runs_is_409_on_any_instance() {
        try (BackupLock.Held running = new BackupLock(dataDir.resolve("backups")).acquire()) {
            ApiResponse here = admin.post("/backups", Map.of());
            ApiResponse there = second.admin().post("/backups", Map.of());

            assertThat(here.status()).isEqualTo(409);
            assertThat(here.errorCode()).isEqualTo("conflict");
            assertThat(there.status()).isEqualTo(409);
        }
        assertThat(admin.post("/backups", Map.of()).status()).isEqualTo(201);
    }

    @Test
    void only_admins_see_backups() {
        ApiResponse user = admin.post("/users", Map.of("username", "oper-bkp", "password", "senha-forte-1",
                "role", "operador"));
        assertThat(user.status()).isEqualTo(201);
        ApiClient operador = instance.client().login("oper-bkp", "senha-forte-1");

        assertThat(operador.post("/backups", Map.of()).status()).isEqualTo(403);
        assertThat(operador.get("/backups").status()).isEqualTo(403);
        assertThat(instance.client().get("/backups").status()).isEqualTo(401);
        assertThat(instance.client().delete("/backups/x").status()).isEqualTo(401);
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
