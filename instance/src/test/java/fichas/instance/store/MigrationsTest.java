package fichas.instance.store;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class MigrationsTest {
    private static final int ACCOUNTS = Migrations.SCRIPTS.indexOf("V7__accounts.sql") + 1;

    @TempDir
    Path dir;

    @Test
    void sqlite_sort_keys_of_clientes_written_before_version_8_are_filled_without_an_event_each() throws Exception {
        SQLiteDataSource file = new SQLiteDataSource();
        file.setUrl("jdbc:sqlite:" + dir.resolve("fichas.db"));
        Migrations.apply(file, ACCOUNTS);

        assertNomeKeysFilledWithoutEvents(file::getConnection, () -> Migrations.apply(file));
    }

    @Test
    void postgresql_sort_keys_of_clientes_written_before_version_8_are_filled_without_an_event_each() throws Exception {
        String url = TestPostgres.newDatabase();
        Migrations.ConnectionSource connections = () -> DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
        Migrations.applyPostgres(connections, ACCOUNTS);

        assertNomeKeysFilledWithoutEvents(connections, () -> Migrations.applyPostgres(connections));
    }

    private static void assertNomeKeysFilledWithoutEvents(Migrations.ConnectionSource connections, Runnable migrate)
            throws SQLException {
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 2_500; i++) { // more than one batch of the fill
                s.execute("INSERT INTO clientes (nome, created_at, updated_at) VALUES ('Cliente " + i + "', 'x', 'x')");
            }
            s.execute("INSERT INTO clientes (nome, created_at, updated_at) VALUES ('ZÉ ANTIGO', 'x', 'x')");
            s.execute("INSERT INTO clientes (nome, created_at, updated_at) VALUES ('Álvaro Antigo', 'x', 'x')");
            c.commit();
        }
        String updatedEvents = "SELECT COUNT(*) FROM change_log WHERE event = 'cliente.updated'";
        long eventsBefore = count(connections, updatedEvents);

        migrate.run();

        assertThat(count(connections, "SELECT MAX(version) FROM schema_version")).isEqualTo(Migrations.SCRIPTS.size());
        assertThat(count(connections, "SELECT COUNT(*) FROM clientes WHERE nome_key = ''")).isZero();
        assertThat(count(connections, updatedEvents)).as("the fill is no change a client should hear of")
                .isEqualTo(eventsBefore);
        List<String> ordered = new ArrayList<>();
        try (Connection c = connections.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT nome, nome_key FROM clientes WHERE nome NOT LIKE 'Cliente %' "
                     + "ORDER BY nome_key, id")) {
            while (rs.next()) {
                ordered.add(rs.getString(1) + "=" + rs.getString(2));
            }
        }
        assertThat(ordered).containsExactly("Álvaro Antigo=alvaro antigo", "ZÉ ANTIGO=ze antigo");
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            s.execute("UPDATE clientes SET nome = 'Renomeado', version = version + 1 WHERE id = 1");
        }
        assertThat(count(connections, updatedEvents)).as("a client's update still logs its event")
                .isEqualTo(eventsBefore + 1);
    }

    @Test
    void the_sort_key_drops_accents_and_case_only() {
        assertThat(SortKey.of("ÁLVARO Conceição Ü ñ")).isEqualTo("alvaro conceicao u n");
        assertThat(SortKey.of("Loja 100% * [a]")).isEqualTo("loja 100% * [a]");
    }

    private static long count(Migrations.ConnectionSource connections, String sql) throws SQLException {
        try (Connection c = connections.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
