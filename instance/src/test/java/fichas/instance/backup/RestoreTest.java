package fichas.instance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.instance.imagens.TinyImages;
import fichas.instance.pedidos.PedidoFixtures;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore puts a backup back, keeps the current data aside, and refuses what is not a sound backup. */
class RestoreTest {
    private static final Map<String, String> ENV = Map.of("FICHAS_BACKUP_INTERVAL_MINUTES", "0");
    @TempDir
    Path dataDir;
    @TempDir
    Path elsewhere;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void a_restore_brings_back_the_first_data_drops_the_later_and_can_be_undone() throws IOException {
        String backup;
        long imagem;
        long pedido;
        try (RunningInstance instance = RunningInstance.start(dataDir, ENV)) {
            ApiClient admin = instance.admin();
            PedidoFixtures fixtures = new PedidoFixtures(admin);
            pedido = fixtures.pedido(fixtures.cliente("Antes do Backup"), fixtures.tipo("CORTE"));
            imagem = admin.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(),
                    TinyImages.multipart("file", "a.png", "image/png", TinyImages.PNG)).json().get("id").asLong();
            backup = admin.post("/backups", Map.of()).json().get("name").asText();
            fixtures.cliente("Depois do Backup");
        }

        Restore.Result result = restore().restore(backup);

        assertThat(result.setAside()).startsWith("pre-restore-");
        try (RunningInstance instance = RunningInstance.start(dataDir, ENV)) {
            ApiClient admin = instance.admin();
            assertThat(names(admin)).contains("Antes do Backup").doesNotContain("Depois do Backup");
            ApiResponse image = admin.get("/pedidos/" + pedido + "/imagens/" + imagem);
            assertThat(image.status()).isEqualTo(200);
            assertThat(image.bytes()).isEqualTo(TinyImages.PNG);
        }

        restore().restore(result.setAside());

        assertThat(namesAfterAStart()).contains("Antes do Backup", "Depois do Backup");
    }

    @Test
    void a_restore_from_an_archive_file_works_like_one_from_the_backups_directory() throws IOException {
        String backup;
        try (RunningInstance instance = RunningInstance.start(dataDir, ENV)) {
            new PedidoFixtures(instance.admin()).cliente("Arquivado");
            backup = instance.admin().post("/backups", Map.of()).json().get("name").asText();
        }
        Path archive = elsewhere.resolve(backup + ".zip");
        try (OutputStream out = Files.newOutputStream(archive)) {
            backups().archive(backup, out);
        }
        backups().delete(backup);

        restore().restore(archive.toString());

        assertThat(namesAfterAStart()).contains("Arquivado");
    }

    @Test
    void a_damaged_or_foreign_archive_is_refused_and_nothing_is_touched() throws IOException {
        String backup;
        try (RunningInstance instance = RunningInstance.start(dataDir, ENV)) {
            new PedidoFixtures(instance.admin()).cliente("Intocado");
            backup = instance.admin().post("/backups", Map.of()).json().get("name").asText();
        }
        Path dir = dataDir.resolve("backups").resolve(backup);
        byte[] database = Files.readAllBytes(dir.resolve("fichas.db"));
        database[database.length / 2] ^= 0x55;
        Path damaged = zip("damaged.zip", Map.of("manifest.json", Files.readAllBytes(dir.resolve("manifest.json")),
                "fichas.db", database));
        Path foreign = zip("foreign.zip", Map.of("../../etc/passwd", "x".getBytes(StandardCharsets.UTF_8)));
        Path notZip = elsewhere.resolve("notes.zip");
        Files.writeString(notZip, "just some text");
        Path noManifest = zip("nomanifest.zip", Map.of("fichas.db", Files.readAllBytes(dir.resolve("fichas.db"))));
        String liveBefore = FileHashes.sha256(dataDir.resolve("fichas.db"));
        int backupsBefore = backups().list().size();

        assertThatThrownBy(() -> restore().restore(damaged.toString())).isInstanceOf(BackupException.class)
                .hasMessageStartingWith("damaged backup");
        assertThatThrownBy(() -> restore().restore(foreign.toString())).isInstanceOf(BackupException.class)
                .hasMessageContaining("not a Fichas backup archive");
        assertThatThrownBy(() -> restore().restore(notZip.toString())).isInstanceOf(BackupException.class)
                .hasMessageContaining("not a Fichas backup archive");
        assertThatThrownBy(() -> restore().restore(noManifest.toString())).isInstanceOf(BackupException.class)
                .hasMessageContaining("not a Fichas backup");
        assertThatThrownBy(() -> restore().restore("no-such-backup")).isInstanceOf(BackupException.class)
                .hasMessageContaining("no backup named 'no-such-backup'");

        assertThat(FileHashes.sha256(dataDir.resolve("fichas.db"))).isEqualTo(liveBefore);
        assertThat(backups().list()).hasSize(backupsBefore);
        try (var entries = Files.list(dataDir.resolve("backups"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".restore-"))).isEmpty();
        }
        assertThat(elsewhere.getParent().resolve("etc")).doesNotExist();
    }

    @Test
    void leftovers_of_uploads_and_of_an_earlier_restore_do_not_get_in_the_way() throws IOException {
        String backup = backupWith("Primeiro");
        Path media = Files.createDirectories(dataDir.resolve("media"));
        Files.writeString(media.resolve(".tmp-" + java.util.UUID.randomUUID()), "an upload cut short by a crash");
        Path earlier = Files.createDirectories(dataDir.resolve(".media-replaced-" + java.util.UUID.randomUUID()));
        Files.writeString(earlier.resolve("f".repeat(64)), "left by a restore that died while deleting it");

        Restore.Result result = restore().restore(backup);
        assertThat(earlier).doesNotExist();
        restore().restore(result.setAside());

        assertThat(namesAfterAStart()).contains("Primeiro");
    }

    @Test
    void a_restore_waits_for_no_backup_and_touches_nothing_while_one_runs() throws IOException {
        String backup = backupWith("Durante");
        String liveBefore = FileHashes.sha256(dataDir.resolve("fichas.db"));
        try (BackupLock.Held running = new BackupLock(dataDir.resolve("backups")).acquire()) {
            assertThatThrownBy(() -> restore().restore(backup)).isInstanceOf(BackupBusyException.class);
            assertThatThrownBy(() -> restore().verify(backup)).isInstanceOf(BackupBusyException.class);
        }
        assertThat(FileHashes.sha256(dataDir.resolve("fichas.db"))).isEqualTo(liveBefore);
        assertThat(backups().list()).hasSize(1);
    }

    @Test
    void an_unreadable_database_is_set_aside_as_it_is_and_the_backup_restored() throws IOException {
        String backup = backupWith("Salvo");
        Path live = dataDir.resolve("fichas.db");
        byte[] damaged = Files.readAllBytes(live);
        java.util.Arrays.fill(damaged, 0, 100, (byte) 0x42); // the header: "file is not a database"
        Files.write(live, damaged);

        Restore.Result result = restore().restore(backup);

        BackupManifest aside = backups().find(result.setAside()).orElseThrow();
        assertThat(aside.integrity()).isEqualTo("unreadable");
        assertThat(Files.readAllBytes(dataDir.resolve("backups").resolve(aside.name()).resolve("fichas.db"))).isEqualTo(damaged);
        assertThat(namesAfterAStart()).contains("Salvo");
    }

    @Test
    void a_log_left_without_its_database_is_not_replayed_onto_the_restored_one() throws Exception {
        String backup = backupWith("Restaurado");
        // A crash left fichas.db-wal; the admin moved the damaged fichas.db away but not its log.
        Path foreign = elsewhere.resolve("other.db");
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + foreign);
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA wal_autocheckpoint=0");
            statement.execute("CREATE TABLE clientes (x TEXT)");
            statement.execute("INSERT INTO clientes VALUES ('de outro banco')");
            Files.copy(elsewhere.resolve("other.db-wal"), dataDir.resolve("fichas.db-wal"));
        }
        Files.delete(dataDir.resolve("fichas.db"));

        restore().restore(backup);

        assertThat(namesAfterAStart()).contains("Restaurado");
    }

    @Test
    void an_archive_whose_image_rows_name_paths_instead_of_hashes_is_refused() throws Exception {
        String backup;
        try (RunningInstance instance = RunningInstance.start(dataDir, ENV)) {
            ApiClient admin = instance.admin();
            PedidoFixtures fixtures = new PedidoFixtures(admin);
            long pedido = fixtures.pedido(fixtures.cliente("Com Imagem"), fixtures.tipo("CORTE"));
            admin.send("POST", "/pedidos/" + pedido + "/imagens", TinyImages.multipartType(),
                    TinyImages.multipart("file", "a.png", "image/png", TinyImages.PNG));
            backup = admin.post("/backups", Map.of()).json().get("name").asText();
        }
        Path dir = dataDir.resolve("backups").resolve(backup);
        Path database = elsewhere.resolve("tampered.db");
        Files.copy(dir.resolve("fichas.db"), database);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
             java.sql.Statement statement = c.createStatement()) {
            statement.execute("PRAGMA journal_mode=DELETE");
            statement.execute("UPDATE imagens SET sha256 = '../../../outside'");
        }
        BackupManifest original = BackupManifest.read(dir);
        BackupManifest forged = new BackupManifest(original.format(), original.formatVersion(), original.name(),
                original.createdAt(), original.createdEpochMs(), original.trigger(), original.appVersion(),
                original.schemaVersion(), original.sqliteVersion(), original.method(), original.integrity(),
                Files.size(database), FileHashes.sha256(database), original.rowCounts(), original.mediaFiles(),
                original.mediaBytes());
        Path manifestDir = Files.createDirectories(elsewhere.resolve("forged"));
        forged.write(manifestDir);
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("manifest.json", Files.readAllBytes(manifestDir.resolve("manifest.json")));
        entries.put("fichas.db", Files.readAllBytes(database));
        try (var media = Files.list(dir.resolve("media"))) {
            for (Path file : (Iterable<Path>) media::iterator) {
                entries.put("media/" + file.getFileName(), Files.readAllBytes(file));
            }
        }
        Path archive = zip("forged.zip", entries);

        assertThatThrownBy(() -> restore().restore(archive.toString())).isInstanceOf(BackupException.class)
                .hasMessageContaining("not a sha256");
    }

    @Test
    void an_archive_that_would_fill_the_disk_is_refused_before_it_does() throws IOException {
        String backup = backupWith("Grande");
        Path archive = elsewhere.resolve(backup + ".zip");
        try (OutputStream out = Files.newOutputStream(archive)) {
            backups().archive(backup, out);
        }

        Path cramped = elsewhere.resolve("cramped");
        assertThatThrownBy(() -> BackupArchive.extract(archive, cramped, 4096)).isInstanceOf(BackupException.class)
                .hasMessageContaining("free some space first");
        assertThat(cramped.resolve("fichas.db")).as("the entry cut short is deleted (Restore deletes its staging)")
                .doesNotExist();
        Path roomy = elsewhere.resolve("roomy");
        BackupArchive.extract(archive, roomy, Long.MAX_VALUE);
        assertThat(roomy.resolve("fichas.db")).exists();
    }

    private String backupWith(String cliente) {
        try (RunningInstance instance = RunningInstance.start(dataDir, ENV)) {
            new PedidoFixtures(instance.admin()).cliente(cliente);
            return instance.admin().post("/backups", Map.of()).json().get("name").asText();
        }
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path file = elsewhere.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** The clientes an instance started on the data directory lists. */
    private java.util.List<String> namesAfterAStart() {
        try (RunningInstance instance = RunningInstance.start(dataDir, ENV)) {
            return names(instance.admin());
        }
    }

    private static java.util.List<String> names(ApiClient admin) {
        java.util.List<String> names = new java.util.ArrayList<>();
        admin.get("/clientes?size=500").json().get("items").forEach(c -> names.add(c.get("nome").asText()));
        return names;
    }

    private Backups backups() {
        return new Backups(dataDir, Clock.systemUTC(), Duration.ofSeconds(5), "test");
    }

    private Restore restore() {
        return new Restore(dataDir, backups(), Clock.systemUTC(), new PrintStream(output, true, StandardCharsets.UTF_8));
    }
}
