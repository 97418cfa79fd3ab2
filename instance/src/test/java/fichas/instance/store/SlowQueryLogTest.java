package fichas.instance.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import fichas.instance.config.ResilienceConfig;
import fichas.instance.config.StoreConfig;
import fichas.instance.resilience.DatabaseGuard;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

class SlowQueryLogTest {
    @TempDir
    Path dataDir;
    Database database;
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(SlowQueryLog.class);

    @BeforeEach
    void open() {
        ResilienceConfig resilience = new ResilienceConfig(50, 10, Duration.ofSeconds(5), 4, 16, Duration.ofSeconds(1),
                Duration.ofMillis(50));
        database = Database.open(new StoreConfig(dataDir, 2, Duration.ofSeconds(5), 2048, 0, 1 << 20,
                Duration.ofHours(1), Duration.ofSeconds(2), 64),
                new DatabaseGuard(resilience, SqliteErrors::isPersistentFailure, Clock.systemUTC()),
                resilience.slowQuery());
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void close() {
        logger.detachAppender(logged);
        database.close();
    }

    /** An SQL function that sleeps: the injected slow query. */
    private static void registerSleep(java.sql.Connection c) throws SQLException {
        Function.create(c.unwrap(SQLiteConnection.class), "sleep_ms", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                try {
                    Thread.sleep(value_int(0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                result(1);
            }
        });
    }

    @Test
    void a_statement_over_the_threshold_is_logged_as_a_warning_with_its_shape_and_duration_but_no_values() {
        long before = database.slowStatements();

        database.read(c -> {
            registerSleep(c);
            return Sql.one(c, "SELECT sleep_ms(?), ?   AS  secret", rs -> rs.getInt(1), 120, "cpf-529.982.247-25");
        });

        assertThat(logged.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).matches("slow statement took \\d+ ms: SELECT sleep_ms\\(\\?\\), \\? AS secret");
            assertThat(event.getFormattedMessage()).doesNotContain("529");
        });
        assertThat(database.slowStatements()).isGreaterThan(before);
    }

    @Test
    void fast_statements_are_not_logged() {
        database.read(c -> Sql.count(c, "SELECT COUNT(*) FROM tipos WHERE codigo = ?", "CORTE"));

        assertThat(logged.list).isEmpty();
    }

    @Test
    void the_shape_of_a_statement_replaces_literals_and_collapses_whitespace() {
        assertThat(SlowQueryLog.shape("SELECT *\n  FROM clientes WHERE nome = 'O''Brien' AND id > 42"))
                .isEqualTo("SELECT * FROM clientes WHERE nome = ? AND id > ?");
    }
}
