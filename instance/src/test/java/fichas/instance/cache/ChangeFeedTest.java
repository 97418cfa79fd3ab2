package fichas.instance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.instance.config.StoreConfig;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeFeedTest {
    @TempDir
    Path dataDir;
    Database database;
    ChangeFeed feed;
    final List<Change> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger gaps = new AtomicInteger();
    final AtomicBoolean failOpen = new AtomicBoolean();

    @BeforeEach
    void open() throws SQLException {
        database = Database.open(new StoreConfig(dataDir, 2, Duration.ofSeconds(5), 2048, 0, 1 << 20,
                Duration.ofHours(1), Duration.ofSeconds(2), 64));
        feed = new ChangeFeed(() -> {
            if (failOpen.get()) {
                throw new SQLException("injected: cannot open");
            }
            return database.openDedicatedReader();
        }, seen::add, gaps::incrementAndGet);
        feed.catchUp();
    }

    @AfterEach
    void close() {
        feed.close();
        database.close();
    }

    private long insertCliente(String nome) {
        return database.write(c -> Sql.insert(c, "INSERT INTO clientes (nome, created_at, updated_at) VALUES (?, ?, ?)",
                nome, "2026-11-24T00:00:00Z", "2026-11-24T00:00:00Z"));
    }

    @Test
    void the_first_check_starts_from_the_end_of_the_log_and_clears_whatever_was_cached() {
        assertThat(gaps).hasValue(1);
        assertThat(seen).isEmpty();
    }

    @Test
    void each_committed_change_is_applied_once_in_order_by_the_next_check() throws SQLException {
        long a = insertCliente("A");
        long b = insertCliente("B");
        database.write(c -> Sql.update(c, "UPDATE tipos SET nome = 'Corte fino' WHERE id = 1"));

        feed.catchUp();
        feed.catchUp();

        assertThat(seen).extracting(Change::entity, Change::entityId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cliente", a),
                        org.assertj.core.groups.Tuple.tuple("cliente", b),
                        org.assertj.core.groups.Tuple.tuple("tipo", 1L));
        assertThat(feed.stats().changesApplied()).isEqualTo(3);
    }

    @Test
    void a_pedido_status_change_names_both_statuses_it_touches() throws SQLException {
        long cliente = insertCliente("Com pedido");
        long pedido = database.write(c -> Sql.insert(c, "INSERT INTO pedidos (cliente_id, tipo_id, descricao, quantidade, "
                + "status, data_entrada, created_at, updated_at) VALUES (?, 1, 'x', 1, 'recebido', '2026-11-24', ?, ?)",
                cliente, "2026-11-24T00:00:00Z", "2026-11-24T00:00:00Z"));
        feed.catchUp();
        seen.clear();

        database.write(c -> Sql.update(c, "UPDATE pedidos SET status = 'em_producao' WHERE id = ?", pedido));
        feed.catchUp();

        assertThat(seen).extracting(Change::entity, Change::entityId, Change::scope).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pedido", pedido, "recebido"),
                org.assertj.core.groups.Tuple.tuple("pedido", pedido, "em_producao"));
    }

    @Test
    void a_failed_check_is_reported_and_the_next_one_replays_what_was_missed() throws SQLException {
        feed.close();
        failOpen.set(true);
        long id = insertCliente("Durante a falha");

        assertThatThrownBy(feed::catchUp).isInstanceOf(SQLException.class);
        failOpen.set(false);
        feed.catchUp();

        assertThat(seen).extracting(Change::entityId).containsExactly(id);
        assertThat(feed.stats().failures()).isEqualTo(1);
    }

    @Test
    void rows_swept_before_this_instance_read_them_clear_its_caches() throws SQLException {
        insertCliente("Lido por ninguém");
        insertCliente("Também não");
        database.write(c -> ChangeLog.sweep(c, "9999-01-01T00:00:00Z"));
        insertCliente("Depois da varredura");

        feed.catchUp();

        assertThat(gaps).hasValue(2);
        assertThat(seen).as("the sweep keeps the newest row").hasSize(2);
    }
    @Test
    void checks_made_one_after_another_by_many_threads_share_one_connection() throws Exception {
        for (int i = 0; i < 20; i++) {
            Thread worker = new Thread(() -> {
                try {
                    feed.catchUp();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            worker.join();
        }

        assertThat(feed.stats().openConnections()).isEqualTo(1);
        assertThat(feed.stats().failures()).isZero();
    }

    @Test
    void checks_under_way_at_once_each_see_a_change_committed_before_they_started() throws Exception {
        int threads = 8;
        CyclicBarrier together = new CyclicBarrier(threads);
        AtomicLong inserted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    try {
                        for (int round = 0; round < 25; round++) {
                            together.await(10, TimeUnit.SECONDS);
                            if (thread == 0) {
                                inserted.set(insertCliente("Rodada " + round));
                            }
                            together.await(10, TimeUnit.SECONDS); // committed before any of these checks starts
                            feed.catchUp();
                            long id = inserted.get();
                            assertThat(seen).as("thread %d, round %d", thread, round).anyMatch(c -> c.entityId() == id);
                        }
                        return null;
                    } catch (Throwable e) {
                        together.reset(); // the others stop waiting at once: this failure is the one reported
                        throw e;
                    }
                }));
            }
            Throwable first = null;
            for (Future<?> each : done) {
                try {
                    each.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (first == null || first instanceof BrokenBarrierException) {
                        first = e.getCause();
                    }
                }
            }
            if (first != null) {
                throw new AssertionError(first);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(seen).as("every insert applied once, in order").hasSize(25)
                .extracting(Change::entityId).isSorted().doesNotHaveDuplicates();
        assertThat(feed.stats().openConnections()).as("no more probes than checks at once").isBetween(1, threads);
    }

    @Test
    void connections_closed_at_idle_are_reopened_by_the_next_check_which_misses_nothing() throws SQLException {
        feed.catchUp();
        assertThat(feed.stats().openConnections()).isEqualTo(1);

        feed.closeConnections();
        assertThat(feed.stats().openConnections()).isZero();
        long id = insertCliente("Enquanto ocioso");
        feed.catchUp();

        assertThat(seen).extracting(Change::entityId).containsExactly(id);
        assertThat(feed.stats().openConnections()).isEqualTo(1);
    }
}
