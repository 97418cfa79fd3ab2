package fichas.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.supervisor.cli.CliRunner;
import fichas.supervisor.process.PidFile;
import fichas.supervisor.process.PidRecord;
import fichas.supervisor.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The restore drill, end to end with the real CLI and the real instance jar: start Fichas, create data, back up
 * ({@code backup}), create more data, {@code restore NAME --yes} (stop, set aside, restore, verify, start), then the
 * first data is there, the later is not, and images load; a damaged archive is refused with nothing touched.
 */
class BackupRestoreIT {
    private static final String PASSWORD = "backup-drill-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final byte[] PNG = png();

    @TempDir
    Path home;

    @Test
    void create_backup_change_restore_brings_back_the_backed_up_data_and_images() throws Exception {
        Path jar = Path.of(System.getProperty("fichas.repo.root", "..")).resolve("instance/target/fichas-instance.jar");
        assumeThat(Files.isRegularFile(jar)).as("the instance jar %s is built", jar).isTrue();
        Map<String, String> env = env(jar);
        int balancer = Integer.parseInt(env.get("FICHAS_BALANCER_PORT"));
        try {
            assertThat(CliRunner.run(env, "", "start", "--daemon").exitCode()).isZero();
            String token = login(balancer);
            long tipo = tipoId(balancer, token);
            long before = create(balancer, token, "/clientes", Map.of("nome", "Cliente antes do backup"));
            long pedido = create(balancer, token, "/pedidos", Map.of("cliente_id", before, "tipo_id", tipo,
                    "descricao", "Chapa", "quantidade", 3));
            long imagem = create(balancer, token, "/pedidos/" + pedido + "/imagens",
                    Map.of("filename", "peca.png", "data", Base64.getEncoder().encodeToString(PNG)));

            CliRunner.Result backup = CliRunner.run(env, "", "backup");
            assertThat(backup.exitCode()).as(backup.err()).isZero();
            Matcher where = Pattern.compile("It is in (\\S+)").matcher(backup.out());
            assertThat(where.find()).as(backup.out()).isTrue();
            String name = Path.of(where.group(1)).getFileName().toString();
            assertThat(CliRunner.run(env, "", "status").out()).contains("last backup: " + name);

            create(balancer, token, "/clientes", Map.of("nome", "Cliente depois do backup"));

            Path damaged = home.resolve("damaged.zip");
            Files.write(damaged, "PK\u0003\u0004 not really a zip".getBytes());
            CliRunner.Result refused = CliRunner.run(env, "", "restore", damaged.toString(), "--yes");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("nothing was stopped or changed");
            assertThat(names(balancer, token)).contains("Cliente depois do backup");

            CliRunner.Result restore = CliRunner.run(env, "", "restore", name, "--yes");
            assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
            assertThat(restore.out()).contains("pre-restore-", "Fichas is up", "Summary: backup " + name + " restored");

            String again = login(balancer);
            assertThat(names(balancer, again)).contains("Cliente antes do backup").doesNotContain("Cliente depois do backup");
            HttpResponse<byte[]> image = HTTP.send(request(balancer, "/pedidos/" + pedido + "/imagens/" + imagem, again)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.body()).isEqualTo(PNG);
            assertThat(CliRunner.run(env, "", "backups").out()).contains(name, "pre-restore-");
        } finally {
            CliRunner.run(env, "", "stop");
            killLeftovers(home.resolve("data/supervisor.pid"));
            killLeftovers(home.resolve("data/instances.pid"));
        }
    }

    private Map<String, String> env(Path jar) {
        Map<String, String> env = new HashMap<>(TestEnv.env(home, 1));
        env.remove("FICHAS_INSTANCE_CLASSPATH");
        env.remove("FICHAS_INSTANCE_MAIN_CLASS");
        env.put("FICHAS_INSTANCE_JAR", jar.toAbsolutePath().normalize().toString());
        env.put("FICHAS_INSTANCE_HEAP", "128m");
        env.put("FICHAS_INSTANCE_JVM_OPTS", "-XX:+UseSerialGC");
        env.put("FICHAS_START_TIMEOUT", "90s");
        env.put("FICHAS_ADMIN_PASSWORD", PASSWORD);
        env.put("FICHAS_PBKDF2_ITERATIONS", "1000");
        env.put("FICHAS_BACKUP_INTERVAL_MINUTES", "0");
        env.put("FICHAS_BALANCER_ENABLED", "true");
        env.put("FICHAS_BALANCER_PORT", Integer.toString(TestEnv.freePort()));
        env.put("FICHAS_BALANCER_BIND_ADDRESS", "127.0.0.1");
        env.put("FICHAS_RATELIMIT_ENABLED", "false");
        return env;
    }

    private static String login(int port) throws Exception {
        HttpResponse<String> response = HTTP.send(request(port, "/auth/login", null)
                .POST(body(Map.of("username", "admin", "password", PASSWORD))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("token").asText();
    }

    private static long tipoId(int port, String token) throws Exception {
        JsonNode tipos = get(port, "/producoes/tipos", token);
        return tipos.get("items").get(0).get("id").asLong();
    }

    private static long create(int port, String token, String path, Map<String, Object> fields) throws Exception {
        HttpResponse<String> response = HTTP.send(request(port, path, token).POST(body(fields)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asLong();
    }

    private static List<String> names(int port, String token) throws Exception {
        return JSON.convertValue(get(port, "/clientes?size=500", token).get("items").findValuesAsText("nome"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static JsonNode get(int port, String path, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(request(port, path, token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder request(int port, String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest.BodyPublisher body(Map<String, ?> fields) throws IOException {
        return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(fields));
    }

    private static byte[] png() {
        byte[] bytes = new byte[64];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        for (int i = signature.length; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static void killLeftovers(Path pidFile) {
        try {
            new PidFile(pidFile).read().stream().map(PidRecord::live).flatMap(Optional::stream)
                    .forEach(ProcessHandle::destroyForcibly);
        } catch (RuntimeException e) {
            // nothing left to stop
        }
    }
}
