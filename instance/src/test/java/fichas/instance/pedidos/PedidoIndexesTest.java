package fichas.instance.pedidos;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.pedidos.StatusWorkflow.Status;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Asks SQLite how it runs the real list queries: status + a date order must walk a composite index. */
class PedidoIndexesTest {
    @TempDir
    static Path dataDir;

    /**
     * Migrates the schema the way production does, then fills it with 20,000 pedidos over five
     * statuses and runs ANALYZE, so the planner decides with real statistics, not on an empty table.
     */
    @BeforeAll
    static void migrateAndFill() throws Exception {
        RunningInstance.start(dataDir).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fichas.db"));
             var statement = c.createStatement()) {
            statement.executeUpdate("INSERT INTO clientes (nome, created_at, updated_at) "
                    + "VALUES ('Plano', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
            statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                    + "INSERT INTO pedidos (cliente_id, tipo_id, descricao, quantidade, status, data_entrada, "
                    + "created_at, updated_at) SELECT 1, 1 + (i % 5), 'p', 1, CASE i % 5 WHEN 0 THEN 'recebido' "
                    + "WHEN 1 THEN 'em_producao' WHEN 2 THEN 'concluido' WHEN 3 THEN 'entregue' ELSE 'cancelado' END, "
                    + "date('2025-01-01', '+' || (i % 730) || ' days'), "
                    + "strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || i || ' minutes'), '2025-01-01T00:00:00Z' FROM n");
            statement.execute("ANALYZE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"data_entrada", "-data_entrada", "data_criacao", "-data_criacao"})
    void a_status_filter_with_a_date_order_uses_its_composite_index_and_no_sort(String order) throws Exception {
        String plan = plan(filter(order, Optional.empty()));

        String index = order.endsWith("data_entrada") ? "pedidos_status_data_entrada" : "pedidos_status_data_criacao";
        assertThat(plan).contains("USING INDEX " + index + " (status=?)").doesNotContain("TEMP B-TREE");
    }

    @Test
    void a_status_filter_with_a_date_range_searches_the_range_in_the_index() throws Exception {
        String plan = plan(filter("-data_entrada", Optional.of(LocalDate.parse("2026-01-01"))));

        assertThat(plan).contains("USING INDEX pedidos_status_data_entrada (status=? AND data_entrada>? AND data_entrada<?)")
                .doesNotContain("TEMP B-TREE");
    }

    private static PedidoFilter filter(String order, Optional<LocalDate> from) {
        return new PedidoFilter(Optional.of(Status.EM_PRODUCAO), Optional.empty(), Optional.empty(), from,
                from.map(d -> d.plusMonths(1)), orderSql(order));
    }

    private static String orderSql(String order) {
        return switch (order) {
            case "data_entrada" -> "data_entrada ASC, id ASC";
            case "-data_entrada" -> "data_entrada DESC, id DESC";
            case "data_criacao" -> "created_at ASC, id ASC";
            default -> "created_at DESC, id DESC";
        };
    }

    /** The plan of the list query, asked on a connection of our own to the migrated file. */
    private static String plan(PedidoFilter filter) throws Exception {
        List<Object> params = new ArrayList<>();
        String sql = "EXPLAIN QUERY PLAN " + PedidoQueries.listSql(filter, filter.where(params));
        params.add(50);
        params.add(0);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fichas.db"));
             PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
