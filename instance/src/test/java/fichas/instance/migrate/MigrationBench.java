package fichas.instance.migrate;

import fichas.instance.config.InstanceConfig;
import fichas.core.config.Settings;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Not a test: how long migrate-to-postgres takes on a realistic data set. Seeds a SQLite data set in a
 * temporary directory with {@code pedidos} pedidos (1 cliente per 100), each moved recebido → em_producao
 * with both history rows (the change log and the status counts filled by the triggers as in use), then
 * runs the migration into {@code FICHAS_BENCH_DB_URL} (with --force; user and password from
 * FICHAS_DB_USER / FICHAS_DB_PASSWORD) and prints its report and the time. bench/pg/migrate.sh runs it.
 */
public final class MigrationBench {
    private MigrationBench() {
    }

    public static void main(String[] args) throws Exception {
        int pedidos = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String url = System.getenv("FICHAS_BENCH_DB_URL");
        Path dir = Files.createTempDirectory("migration-bench");
        long seeding = System.nanoTime();
        try (RunningInstance instance = RunningInstance.start(dir, Map.of("FICHAS_DB_URL", "",
                "FICHAS_BACKUP_INTERVAL_MINUTES", "0"))) {
            Database db = instance.server().database();
            int clientes = Math.max(1, pedidos / 100);
            for (int from = 0; from < clientes; from += 1000) {
                int first = from;
                db.write(c -> {
                    for (int i = first; i < Math.min(clientes, first + 1000); i++) {
                        Sql.update(c, "INSERT INTO clientes (nome, documento, email, created_at, updated_at) VALUES "
                                + "(?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", "Cliente " + i,
                                String.format("%011d", i), "c" + i + "@fichas.test");
                    }
                    return null;
                });
            }
            for (int from = 0; from < pedidos; from += 1000) {
                int first = from;
                db.write(c -> {
                    for (int i = first; i < Math.min(pedidos, first + 1000); i++) {
                        long id = Sql.insert(c, "INSERT INTO pedidos (cliente_id, tipo_id, descricao, quantidade, status, "
                                + "data_entrada, created_at, updated_at) VALUES (?, 1, ?, ?, 'recebido', '2026-01-02', "
                                + "'2026-01-02T08:00:00Z', '2026-01-02T08:00:00Z')", 1 + i % clientes, "Peça " + i, 1 + i % 50);
                        Sql.update(c, "INSERT INTO pedido_status_history (pedido_id, from_status, to_status, changed_at, "
                                + "changed_by) VALUES (?, NULL, 'recebido', '2026-01-02T08:00:00Z', 1)", id);
                        Sql.update(c, "UPDATE pedidos SET status = 'em_producao', version = version + 1, "
                                + "updated_at = '2026-01-03T08:00:00Z' WHERE id = ?", id);
                        Sql.update(c, "INSERT INTO pedido_status_history (pedido_id, from_status, to_status, changed_at, "
                                + "changed_by) VALUES (?, 'recebido', 'em_producao', '2026-01-03T08:00:00Z', 1)", id);
                    }
                    return null;
                });
            }
        }
        System.out.printf(Locale.ROOT, "seeded %d pedidos in %.0f s; fichas.db %.1f MiB%n", pedidos,
                (System.nanoTime() - seeding) / 1e9, Files.size(dir.resolve("fichas.db")) / 1048576.0);
        Properties defaults = new Properties();
        try (var in = MigrationBench.class.getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        }
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.remove("FICHAS_DB_URL");
        env.put("FICHAS_DATA_DIR", dir.toString());
        env.put("FICHAS_LOG_DIR", dir.resolve("logs").toString());
        Settings settings = new Settings(defaults, env, new Properties());
        long started = System.nanoTime();
        int exit = MigrateToPostgres.run(InstanceConfig.from(settings), settings, List.of(url, "--force"),
                System.out, System.err);
        System.out.printf(Locale.ROOT, "migrate-to-postgres exit %d in %.1f s (wall clock, JVM already warm from seeding)%n",
                exit, (System.nanoTime() - started) / 1e9);
    }
}
