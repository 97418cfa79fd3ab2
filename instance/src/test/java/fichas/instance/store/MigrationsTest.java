package fichas.instance.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void sort_keys_of_clientes_written_before_version_8_are_filled_without_an_event_each() throws Exception {
        SQLiteDataSource file = new SQLiteDataSource();
        file.setUrl("jdbc:sqlite:" + dir.resolve("fichas.db"));
        try (Connection c = file.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL, "
                    + "applied_at TEXT NOT NULL)");
            int version7 = Migrations.SCRIPTS.indexOf("V7__accounts.sql") + 1;
            for (int v = 1; v <= version7; v++) {
                for (String sql : Migrations.statements(Migrations.SCRIPTS.get(v - 1))) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version VALUES (" + v + ", 'v', 'now')");
            }
            for (int i = 0; i < 2_500; i++) { // more than one batch of the fill
                s.execute("INSERT INTO clientes (nome, created_at, updated_at) VALUES ('Cliente " + i + "', 'x', 'x')");
            }
            s.execute("INSERT INTO clientes (nome, created_at, updated_at) VALUES ('Álvaro Antigo', 'x', 'x')");
            s.execute("INSERT INTO clientes (nome, created_at, updated_at) VALUES ('ZÉ ANTIGO', 'x', 'x')");
        }
        long eventsBefore = count(file, "SELECT COUNT(*) FROM change_log WHERE event = 'cliente.updated'");

        Migrations.apply(file);

        assertThat(count(file, "SELECT MAX(version) FROM schema_version")).isEqualTo(Migrations.SCRIPTS.size());
        assertThat(count(file, "SELECT COUNT(*) FROM clientes WHERE nome_key = ''")).isZero();
        assertThat(count(file, "SELECT COUNT(*) FROM change_log WHERE event = 'cliente.updated'"))
                .as("the fill is no change a client should hear of").isEqualTo(eventsBefore);
        List<String> firstAndLast = new ArrayList<>();
        try (Connection c = file.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT nome, nome_key FROM clientes WHERE nome NOT LIKE 'Cliente %' "
                     + "ORDER BY nome_key, id")) {
            while (rs.next()) {
                firstAndLast.add(rs.getString(1) + "=" + rs.getString(2));
            }
        }
        assertThat(firstAndLast).containsExactly("Álvaro Antigo=alvaro antigo", "ZÉ ANTIGO=ze antigo");
        try (Connection c = file.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE clientes SET nome = 'Renomeado', version = version + 1 WHERE id = 1");
        }
        assertThat(count(file, "SELECT COUNT(*) FROM change_log WHERE event = 'cliente.updated'"))
                .as("a client's update still logs its event").isEqualTo(eventsBefore + 1);
    }

    @Test
    void the_sort_key_drops_accents_and_case_only() {
        assertThat(SortKey.of("ÁLVARO Conceição Ü ñ")).isEqualTo("alvaro conceicao u n");
        assertThat(SortKey.of("Loja 100% * [a]")).isEqualTo("loja 100% * [a]");
    }

    private static long count(SQLiteDataSource file, String sql) throws SQLException {
        try (Connection c = file.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
