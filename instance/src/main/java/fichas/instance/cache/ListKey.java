package fichas.instance.cache;

/**
 * A cached list page: {@code filter} is the one filter a cacheable list may have (a pedido status)
 * or empty for the unfiltered list; {@code order} is the list's sort, empty when it has only one.
 */
public record ListKey(String filter, String order, int page, int size) {
}
