package fichas.instance.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.config.InstanceConfig;
import fichas.core.config.Settings;
import fichas.instance.imagens.TinyImages;
import fichas.instance.pedidos.PedidoFixtures;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate-to-postgres on a real SQLite data set (made through the API) into the embedded PostgreSQL:
 * every table verified identical, the API answers the same on the copy, ids are never reused, and
 * a non-empty target is refused unless forced.
 */
class MigrateToPostgresTest {
    @TempDir
    Path dataDir;

    record Run(int exit, String out, String err) {
    }

    Run migrate(String url, String... more) {
        Properties defaults = new Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> env = Map.of("FICHAS_DATA_DIR", dataDir.toString(), "FICHAS_DB_USER", "postgres",
                "FICHAS_DB_PASSWORD", TestPostgres.PASSWORD);
        Settings settings = new Settings(defaults, env, new Properties());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of(url));
        args.addAll(List.of(more));
        int exit = MigrateToPostgres.run(InstanceConfig.from(settings), settings, args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_sqlite_data_set_is_copied_verified_and_served_the_same_on_postgresql() {
        Map<String, String> sqlite = Map.of("FICHAS_DB_URL", "");
        JsonNode pedidoBefore;
        JsonNode listBefore;
        long pedido;
        long deleted;
        try (RunningInstance instance = RunningInstance.start(dataDir, sqlite)) {
            ApiClient admin = instance.admin();
            PedidoFixtures fixtures = new PedidoFixtures(admin);
            long cliente = fixtures.cliente("Metalúrgica Ávila");
            pedido = fixtures.pedido(cliente, fixtures.tipo("CORTE"));
            assertThat(admin.patch("/pedidos/" + pedido + "/status", Map.of("status", "em_producao")).status())
                    .isEqualTo(200);
            assertThat(admin.post("/pedidos/" + pedido + "/imagens", Map.of("filename", "f.webp",
                    "data", Base64.getEncoder().encodeToString(TinyImages.WEBP))).status()).isEqualTo(201);
            deleted = fixtures.cliente("Apagado");
            assertThat(admin.delete("/clientes/" + deleted).status()).isEqualTo(204);
            pedidoBefore = admin.get("/pedidos/" + pedido).json();
            listBefore = admin.get("/clientes").json();
        }
        String url = TestPostgres.newDatabase();

        Run run = migrate(url);

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("every table identical").contains("FICHAS_DB_URL=" + url)
                .doesNotContain(TestPostgres.PASSWORD);
        for (TableCopy table : TableCopy.ALL) {
            assertThat(run.out()).containsPattern(table.table() + " +[0-9,]+ rows  sha256 [0-9a-f]{16}…  identical");
        }
        Map<String, String> pg = new HashMap<>(TestPostgres.env(dataDir));
        pg.put("FICHAS_DB_URL", url);
        try (RunningInstance instance = RunningInstance.start(dataDir, pg)) {
            ApiClient admin = instance.admin();
            assertThat(admin.get("/pedidos/" + pedido).json()).isEqualTo(pedidoBefore);
            assertThat(admin.get("/clientes").json()).isEqualTo(listBefore);
            long next = admin.post("/clientes", Map.of("nome", "Depois")).json().get("id").asLong();
            assertThat(next).as("an id is never reused, also one deleted before the move").isGreaterThan(deleted);
        }

        Run again = migrate(url);
        assertThat(again.exit()).isEqualTo(MigrateToPostgres.EXIT_NOT_EMPTY);
        assertThat(again.err()).contains("not empty").contains("--force");

        Run forced = migrate(url, "--force");
        assertThat(forced.exit()).as(forced.out() + forced.err()).isZero();
        assertThat(forced.out()).contains("every table identical");
    }
}
