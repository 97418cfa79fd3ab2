package fichas.instance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statements prepared once per connection, on a real SQLite file. */
class StatementCacheTest {
    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        try (var s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, nome TEXT NOT NULL UNIQUE)");
        }
        return StatementCache.wrap(c);
    }

    private static PreparedStatement real(PreparedStatement handle) throws SQLException {
        return handle.unwrap(PreparedStatement.class);
    }

    @Test
    void theSameTextIsPreparedOnceAndReusedWithNewParameters() throws Exception {
        try (Connection c = open()) {
            PreparedStatement first;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (nome) VALUES (?)")) {
                insert.setString(1, "a");
                insert.executeUpdate();
                first = real(insert);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (nome) VALUES (?)")) {
                assertThat(real(insert)).isSameAs(first);
                insert.setString(1, "b");
                insert.executeUpdate();
            }
            assertThat(Sql.list(c, "SELECT nome FROM t ORDER BY nome", rs -> rs.getString(1))).containsExactly("a", "b");
            assertThat(Sql.list(c, "SELECT nome FROM t WHERE nome > ? ORDER BY nome", rs -> rs.getString(1), "a"))
                    .containsExactly("b");
            assertThat(Sql.list(c, "SELECT nome FROM t WHERE nome > ? ORDER BY nome", rs -> rs.getString(1), ""))
                    .containsExactly("a", "b");
        }
    }

    @Test
    void aTextInUseGetsAFreshStatementThatClosesNormally() throws Exception {
        try (Connection c = open()) {
            try (PreparedStatement outer = c.prepareStatement("SELECT 1");
                 PreparedStatement inner = c.prepareStatement("SELECT 1")) {
                assertThat(real(inner)).isNotSameAs(real(outer));
                inner.close();
                assertThat(real(inner).isClosed()).isTrue();
                assertThat(real(outer).isClosed()).isFalse();
            }
        }
    }

    @Test
    void aFailedStatementCanBeUsedAgain() throws Exception {
        try (Connection c = open()) {
            Sql.update(c, "INSERT INTO t (nome) VALUES (?)", "x");
            assertThatThrownBy(() -> Sql.update(c, "INSERT INTO t (nome) VALUES (?)", "x")).isInstanceOf(SQLException.class);
            Sql.update(c, "INSERT INTO t (nome) VALUES (?)", "y");
            assertThat(Sql.count(c, "SELECT count(*) FROM t")).isEqualTo(2);
        }
    }

    @Test
    void aQueryThatFailedWhileSteppingIsPreparedAgainNotReusedBroken() throws Exception {
        String search = "SELECT count(*) FROM t WHERE nome LIKE ?";
        try (Connection c = open()) {
            Sql.update(c, "INSERT INTO t (nome) VALUES (?)", "abc");
            PreparedStatement before;
            try (PreparedStatement s = c.prepareStatement(search)) {
                before = real(s);
            }
            // over SQLite's 50,000-byte LIKE pattern limit: the statement fails while stepping
            assertThatThrownBy(() -> Sql.count(c, search, "%" + "a".repeat(60_000) + "%"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("too complex");

            assertThat(Sql.count(c, search, "%b%")).isEqualTo(1);
            assertThat(Sql.count(c, search, "%z%")).isZero();
            assertThat(before.isClosed()).as("the failed statement was closed, not kept").isTrue();
        }
    }

    @Test
    void aKeptQueryDoesNotHoldAnOldSnapshot() throws Exception {
        try (Connection reader = open(); Connection writer = open()) {
            assertThat(Sql.count(reader, "SELECT count(*) FROM t")).isZero();
            Sql.update(writer, "INSERT INTO t (nome) VALUES (?)", "new");
            assertThat(Sql.count(reader, "SELECT count(*) FROM t")).isEqualTo(1);
            try (var checkpoint = writer.createStatement()) { // only possible when no reader holds a snapshot
                checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                try (var rs = checkpoint.getResultSet()) {
                    assertThat(rs.getInt(1)).as("checkpoint not blocked").isZero();
                }
            }
        }
    }

    @Test
    void closingTheConnectionClosesTheKeptStatements() throws Exception {
        PreparedStatement kept;
        Connection c = open();
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM t")) {
            kept = real(s);
        }
        assertThat(kept.isClosed()).isFalse();
        c.close();
        assertThat(kept.isClosed()).isTrue();
    }
}
