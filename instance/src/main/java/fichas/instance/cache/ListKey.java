package fichas.instance.cache;

/**
 * A cached list page: {@code filter} is the one filter a cacheable list may have (a pedido status)
 * or empty for the unfiltered list.
 */
public record ListKey(String filter, int page, int size) {
}
