package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.time.Duration;

/**
 * The in-process caches (Caffeine) and how they stay coherent with the other instances.
 *
 * @param enabled            false serves every read from the database (benchmarks, diagnosis)
 * @param entityMaxSize      most entries of each by-id cache (clientes, pedidos)
 * @param clientesTtl        how long a cliente stays cached without being invalidated
 * @param pedidosTtl         the same for a pedido
 * @param tiposTtl           the same for the tipos catalog
 * @param listsMaxSize       most cached list pages per list
 * @param listsTtl           how long a list page stays cached
 * @param listPages          only pages 1…listPages of unfiltered (or status-filtered) lists are cached
 * @param changeLogRetention change_log rows older than this are swept; an instance idle for longer clears its caches
 */
public record CacheConfig(boolean enabled, int entityMaxSize, Duration clientesTtl, Duration pedidosTtl,
                          Duration tiposTtl, int listsMaxSize, Duration listsTtl, int listPages,
                          Duration changeLogRetention) {
    public CacheConfig {
        Checks.between("FICHAS_CACHE_ENTITY_MAX", entityMaxSize, 1, 10_000_000);
        Checks.atLeast("FICHAS_CACHE_CLIENTES_TTL_S", clientesTtl.toSeconds(), 1);
        Checks.atLeast("FICHAS_CACHE_PEDIDOS_TTL_S", pedidosTtl.toSeconds(), 1);
        Checks.atLeast("FICHAS_CACHE_TIPOS_TTL_S", tiposTtl.toSeconds(), 1);
        Checks.between("FICHAS_CACHE_LISTS_MAX", listsMaxSize, 1, 100_000);
        Checks.atLeast("FICHAS_CACHE_LISTS_TTL_S", listsTtl.toSeconds(), 1);
        Checks.between("FICHAS_CACHE_LIST_PAGES", listPages, 1, 100);
        Checks.atLeast("FICHAS_CACHE_CHANGE_LOG_RETENTION_S", changeLogRetention.toSeconds(), 60);
    }

    static CacheConfig from(Settings settings) {
        return new CacheConfig(settings.bool("fichas.cache.enabled"),
                settings.integer("fichas.cache.entity.max"),
                seconds(settings, "fichas.cache.clientes.ttl.s"),
                seconds(settings, "fichas.cache.pedidos.ttl.s"),
                seconds(settings, "fichas.cache.tipos.ttl.s"),
                settings.integer("fichas.cache.lists.max"),
                seconds(settings, "fichas.cache.lists.ttl.s"),
                settings.integer("fichas.cache.list.pages"),
                seconds(settings, "fichas.cache.change.log.retention.s"));
    }

    private static Duration seconds(Settings settings, String key) {
        return Duration.ofSeconds(settings.longValue(key));
    }
}
