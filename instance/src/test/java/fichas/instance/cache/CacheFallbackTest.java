package fichas.instance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.instance.config.CacheConfig;
import fichas.instance.config.StoreConfig;
import fichas.core.http.ApiException;
import fichas.instance.store.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheFallbackTest {
    static final CacheConfig CONFIG = new CacheConfig(true, 100, Duration.ofMinutes(5), Duration.ofMinutes(5),
            Duration.ofMinutes(10), 10, Duration.ofMinutes(2), 3, Duration.ofMinutes(10));

    @TempDir
    Path dataDir;
    Database database;
    Caches caches;
    final AtomicBoolean feedBroken = new AtomicBoolean();
    final AtomicInteger databaseReads = new AtomicInteger();

    @BeforeEach
    void open() {
        database = Database.open(new StoreConfig(dataDir, 2, Duration.ofSeconds(5), 2048, 0, 1 << 20,
                Duration.ofHours(1), Duration.ofSeconds(2), 64));
        caches = Caches.withOpener(CONFIG, com.github.benmanes.caffeine.cache.Ticker.systemTicker(), () -> {
            if (feedBroken.get()) {
                throw new SQLException("injected: the coherence connection cannot be opened");
            }
            return database.openDedicatedReader();
        });
    }

    @AfterEach
    void close() {
        caches.close();
        database.close();
    }

    private String read(NamedCache<Long, String> cache) {
        return cache.get(1L, () -> {
            databaseReads.incrementAndGet();
            return "from the database";
        });
    }

    @Test
    void while_the_coherence_check_fails_every_read_goes_to_the_database_and_none_fails() {
        NamedCache<Long, String> clientes = caches.named(Caches.CLIENTES);
        feedBroken.set(true);

        assertThat(read(clientes)).isEqualTo("from the database");
        assertThat(read(clientes)).isEqualTo("from the database");

        assertThat(databaseReads).hasValue(2);
        assertThat(clientes.stats().hits()).isZero();
    }

    @Test
    void once_the_check_works_again_reads_are_cached_again() {
        NamedCache<Long, String> clientes = caches.named(Caches.CLIENTES);
        feedBroken.set(true);
        read(clientes);
        feedBroken.set(false);

        read(clientes);
        read(clientes);

        assertThat(databaseReads).hasValue(2);
        assertThat(clientes.stats().hits()).isEqualTo(1);
    }

    @Test
    void a_database_error_reaches_the_caller_unchanged_and_is_not_cached() {
        NamedCache<Long, String> clientes = caches.named(Caches.CLIENTES);

        assertThatThrownBy(() -> clientes.get(7L, () -> {
            throw ApiException.notFound("cliente 7 does not exist");
        })).isInstanceOf(ApiException.class).hasMessage("cliente 7 does not exist");
        assertThat(clientes.get(7L, () -> "now it exists")).isEqualTo("now it exists");
    }

    @Test
    void with_caching_disabled_every_read_goes_to_the_database() {
        CacheConfig off = new CacheConfig(false, 100, Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(10), 10, Duration.ofMinutes(2), 3, Duration.ofMinutes(10));
        try (Caches disabled = Caches.withOpener(off, com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
                database::openDedicatedReader)) {
            NamedCache<Long, String> clientes = disabled.named(Caches.CLIENTES);
            read(clientes);
            read(clientes);
        }
        assertThat(databaseReads).hasValue(2);
    }

    @Test
    void a_pedido_change_invalidates_only_the_list_pages_of_its_statuses_and_the_unfiltered_list() {
        NamedCache<ListKey, String> pages = caches.named(Caches.PEDIDOS_PAGES);
        pages.get(new ListKey("", "", 1, 50), () -> "all");
        pages.get(new ListKey("recebido", "", 1, 50), () -> "recebidos");
        pages.get(new ListKey("entregue", "", 1, 50), () -> "entregues");

        caches.apply(new Change(1, "pedido", 9, "recebido"));

        assertThat(pages.stats().size()).isEqualTo(1);
        assertThat(pages.get(new ListKey("entregue", "", 1, 50), () -> "reloaded")).isEqualTo("entregues");
    }

    @Test
    void a_cliente_change_invalidates_that_cliente_and_the_cliente_pages_but_nothing_else() {
        NamedCache<Long, String> clientes = caches.named(Caches.CLIENTES);
        clientes.get(1L, () -> "one");
        clientes.get(2L, () -> "two");
        caches.<ListKey, String>named(Caches.CLIENTES_PAGES).get(new ListKey("", "", 1, 50), () -> "page");
        caches.<Object, String>named(Caches.TIPOS).get("all", () -> "catalog");

        caches.apply(new Change(1, "cliente", 1, null));

        assertThat(clientes.stats().size()).isEqualTo(1);
        assertThat(clientes.stats().invalidations()).isEqualTo(1);
        assertThat(caches.named(Caches.CLIENTES_PAGES).stats().size()).isZero();
        assertThat(caches.named(Caches.TIPOS).stats().size()).isEqualTo(1);
    }
    @Test
    void a_bulk_invalidation_waits_for_a_page_load_in_flight_and_then_removes_what_it_stored() throws Exception {
        NamedCache<ListKey, String> pages = caches.named(Caches.CLIENTES_PAGES);
        java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var load = java.util.concurrent.CompletableFuture.supplyAsync(() -> pages.get(new ListKey("", "", 1, 50), () -> {
            loading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "read before the change";
        }));
        loading.await();

        var invalidation = java.util.concurrent.CompletableFuture.runAsync(
                () -> caches.apply(new Change(1, "cliente", 5, null)));
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(200))
                .atMost(java.time.Duration.ofSeconds(2)).until(() -> !invalidation.isDone());
        release.countDown();

        assertThat(load.get()).isEqualTo("read before the change");
        invalidation.get();
        assertThat(pages.stats().size()).isZero();
    }
}
